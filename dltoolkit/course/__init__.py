"""The course as a student gets it: lessons and exercises shipped in the wheel, copied into a
workspace the student owns, and the links that open them on Colab or Binder.

    dltoolkit course init [DIR] [--update]      # see dltoolkit.course.workspace for the rules
    dltoolkit lessons --lab                     # opens the workspace (creates it if needed)
"""
from .content import course_files, course_root, lesson_paths
from .links import badge_line, binder_url, colab_url, ensure_badge_cell, repository_url
from .workspace import InitReport, default_workspace, init_workspace

__all__ = ["course_files", "course_root", "lesson_paths", "init_workspace", "default_workspace",
           "InitReport", "badge_line", "colab_url", "binder_url", "ensure_badge_cell",
           "repository_url"]
