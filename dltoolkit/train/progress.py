"""Progress display: a ``tqdm.auto`` bar per epoch (a widget in JupyterLab), Keras' verbose levels.

verbose=0: silent; 1: a bar per epoch with the metrics; 2: one line per epoch.
"""
from __future__ import annotations


def format_logs(logs: dict) -> str:
    return "  ".join(f"{k}: {v:.4f}" for k, v in logs.items())


class Progress:
    def __init__(self, verbose, epochs: int, steps):
        self.verbose = 1 if verbose in ("auto", True) else int(verbose or 0)
        self.epochs, self.steps = epochs, steps
        self.bar = None

    def epoch_begin(self, epoch: int):
        if self.verbose == 1:
            from tqdm.auto import tqdm

            self.bar = tqdm(total=self.steps, desc=f"Epoch {epoch + 1}/{self.epochs}", unit="step",
                            leave=True, dynamic_ncols=True)

    def advance(self, n_steps: int):
        if self.bar is not None:
            self.bar.update(n_steps)

    def epoch_end(self, epoch: int, logs: dict):
        if self.bar is not None:
            self.bar.set_postfix_str(format_logs(logs), refresh=True)
            self.bar.close()
            self.bar = None
        elif self.verbose == 2:
            print(f"Epoch {epoch + 1}/{self.epochs}  {format_logs(logs)}", flush=True)

    def message(self, text: str):
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        print(text, flush=True)
