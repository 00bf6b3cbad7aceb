"""Widgets: knobs, a live training dashboard and interactive explorers.

    dash = dl.widgets.TrainingDashboard(None, "moons")     # live in JupyterLab
    dl.widgets.OptimizerPlayground()                       # 2-D surfaces, optimizers side by side
    dl.widgets.InitializationExplorer()                    # activations/gradients per layer
    dl.widgets.ConvExplorer()                              # output size, sliding window
    dl.widgets.DecisionBoundaryPlayground()                # TensorFlow-Playground-like, your arrays too

Every explorer is a view on the library (``model.fit`` on the shared engine, ``dl.optim``
transforms, ``dl.initializers``); knobs that are hyperparameters never recompile. Without a
front end (nbval, nbconvert, a script) each renders a PNG plot and a text summary
(``explorer.static()``).
"""
from .controls import (OptimizerControl, activation_dropdown, batch_size_slider, dataset_dropdown,
                       dropout_slider, epochs_slider, initializer_dropdown, l2_slider,
                       learning_rate_slider, noise_slider, schedule_dropdown)
from .dashboard import TrainingDashboard, default_mlp
from .live import LiveCallback, LiveRun, set_model_hyperparams
from .live_widget import LiveTrainingWidget
from .static import StaticView

__all__ = [
    "OptimizerControl", "activation_dropdown", "batch_size_slider", "dataset_dropdown",
    "dropout_slider", "epochs_slider", "initializer_dropdown", "l2_slider", "learning_rate_slider",
    "noise_slider", "schedule_dropdown", "TrainingDashboard", "default_mlp", "LiveCallback",
    "LiveRun", "set_model_hyperparams", "LiveTrainingWidget", "StaticView",
]

from .conv_explorer import ConvExplorer, conv_output_size  # noqa: E402
from .decision_boundary import DecisionBoundaryPlayground, expand_features  # noqa: E402
from .init_explorer import InitializationExplorer  # noqa: E402
from .optimizer_playground import OptimizerPlayground  # noqa: E402
from .slider_plot import SliderPlot  # noqa: E402

__all__ += ["ConvExplorer", "conv_output_size", "DecisionBoundaryPlayground", "expand_features",
            "InitializationExplorer", "OptimizerPlayground", "SliderPlot"]
