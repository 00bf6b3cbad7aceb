"""Plots (matplotlib, imported lazily inside each function): what a model learned and predicts.

    dl.viz.plot_filters(params)                               # first-layer filters
    dl.viz.plot_feature_maps(model, params, state, image, layer="conv1")
    dl.viz.plot_layer_stats(dl.viz.activation_stats(...), dl.viz.gradient_stats(...))
    dl.viz.plot_confusion_matrix(y_true, y_pred, class_names)
    dl.viz.plot_predictions(images, labels, preds, masks=..., pred_boxes=...)
    dl.viz.plot_curves(axes, history.history, ["loss", "accuracy"])
"""
from .curves import plot_curves
from .filters import first_kernel, layer_outputs, plot_feature_maps, plot_filters
from .predictions import confusion_counts, plot_confusion_matrix, plot_predictions
from .stats import activation_stats, gradient_stats, plot_layer_stats

__all__ = ["plot_filters", "plot_feature_maps", "first_kernel", "layer_outputs", "activation_stats",
           "gradient_stats", "plot_layer_stats", "confusion_counts", "plot_confusion_matrix",
           "plot_predictions", "plot_curves"]
