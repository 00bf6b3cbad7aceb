"""Results of a check and their display: HTML in a Jupyter kernel, plain text elsewhere."""
from __future__ import annotations

import html
from dataclasses import asdict, dataclass, field


@dataclass
class CaseResult:
    name: str
    passed: bool
    message: str = ""
    hint: str = ""
    hidden: bool = False


@dataclass
class CheckResult:
    """Outcome of one check: ``score`` cases passed out of ``max``, with per-case ``details``."""
    check_id: str
    title: str
    score: int
    max: int
    details: list[CaseResult] = field(default_factory=list)
    include_hidden: bool = False
    hints: dict = field(default_factory=dict)        # {"hints": n, "of": 3, "solution": bool}
    shortcuts: list[str] = field(default_factory=list)  # whole-job functions the code called

    @property
    def passed(self) -> bool:
        return self.max > 0 and self.score == self.max

    def to_dict(self) -> dict:
        return asdict(self)

    def text(self) -> str:
        lines = [f"{self.check_id} - {self.title}"]
        for d in self.details:
            tag = " (hidden)" if d.hidden else ""
            lines.append(f"  {'PASS' if d.passed else 'FAIL'}  {d.name}{tag}")
            if not d.passed:
                lines.append(f"        {d.message}")
                if d.hint:
                    lines.append(f"        hint: {d.hint}")
        lines.append(self.summary())
        if self.hints_text():
            lines.append(self.hints_text())
        return "\n".join(lines)

    def hints_text(self) -> str:
        h = self.hints or {}
        if not h.get("hints") and not h.get("solution"):
            return ""
        text = f"hints used: {h.get('hints', 0)} of {h.get('of', 3)}"
        return text + (", solution shown" if h.get("solution") else "")

    def summary(self) -> str:
        if self.max == 0 and not self.details:
            return "nothing checked"
        kind = "" if self.include_hidden else "public "
        n = getattr(self, "hidden_count", None)
        extra = "" if self.include_hidden or n is None else (
            f" ({n} hidden case{'s' if n != 1 else ''} run at grading)" if n else " (no hidden cases)")
        if self.passed:
            return f"all {kind}checks passed{extra}"
        return f"{self.score}/{self.max} {kind}checks passed{extra}"

    def html(self) -> str:
        rows = []
        for d in self.details:
            color, mark = ("#1a7f37", "&#10004;") if d.passed else ("#cf222e", "&#10008;")
            body = f"<b style='color:{color}'>{mark}</b> {html.escape(d.name)}"
            if not d.passed:
                body += f"<br><span style='margin-left:1.5em'>{html.escape(d.message)}</span>"
                if d.hint:
                    body += f"<br><span style='margin-left:1.5em;color:#57606a'>hint: {html.escape(d.hint)}</span>"
            rows.append(f"<li style='list-style:none'>{body}</li>")
        color = "#1a7f37" if self.passed else "#cf222e"
        return (f"<div class='dltoolkit-check'><b>{html.escape(self.check_id)}</b> "
                f"&mdash; {html.escape(self.title)}<ul style='margin:0.3em 0'>{''.join(rows)}</ul>"
                f"<b style='color:{color}'>{html.escape(self.summary())}</b>"
                + (f"<br><span style='color:#57606a'>{html.escape(self.hints_text())}</span>" if self.hints_text() else "")
                + "</div>")

    def __repr__(self) -> str:
        return f"<CheckResult {self.check_id}: {self.score}/{self.max}>"

    def _ipython_display_(self) -> None:
        """As a cell's last expression: shown once (``check`` already displayed it in this cell)."""
        if getattr(self, "_shown_in", None) != _execution_count():
            show(self)


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
        ip = get_ipython()
        return ip is not None and hasattr(ip, "kernel")
    except Exception:  # noqa: BLE001
        return False


def _execution_count():
    try:
        from IPython import get_ipython
        return get_ipython().execution_count
    except Exception:  # noqa: BLE001
        return None


def show(result: CheckResult) -> None:
    """Display a result: HTML in a Jupyter kernel, plain text elsewhere."""
    try:
        if _in_kernel():
            from IPython.display import HTML, display
            display(HTML(result.html()))
            result._shown_in = _execution_count()
        else:
            print(result.text())
    except Exception:  # noqa: BLE001
        pass
