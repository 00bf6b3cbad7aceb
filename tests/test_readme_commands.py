"""README's commands are the ones CI runs, and every lesson's source agrees with its notebook."""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _readme_test_command() -> list[str]:
    block = re.search(r"<!-- test-command -->\s*```bash\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert block, "README.md lost its <!-- test-command --> block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    body = ci.split("# --- the README's test command (keep identical) ---\n")[1]
    body = body.split("# --- end of the README's test command ---")[0]
    assert [line for line in body.splitlines() if line.strip()] == _readme_test_command()


def test_readme_setup_commands_name_existing_scripts():
    text = (ROOT / "README.md").read_text()
    for script in re.findall(r"bash (\.ci/[\w-]+)", text):
        assert (ROOT / script).is_file(), f"README names {script}, which does not exist"


def test_lesson_sources_agree_with_notebooks():
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "lesson_source.py"), "--check"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
