"""What each "by hand" exercise may not call: the whole-job functions it asks the student to write.

``BANNED[check_id]`` lists dotted names; a name bans itself and everything under it
(``"optax"`` bans ``optax.adam`` and ``optax.losses.softmax_cross_entropy``). ``EVERYWHERE``
applies to every check: the grading code itself (its references and cases) is never an answer.
``LITERALS[check_id]`` lists integer constants that give the answer away when written into
the code (a hard-coded table of LeNet-5's parameter counts).
"""
from __future__ import annotations

AUTODIFF = ("jax.grad", "jax.value_and_grad", "jax.vjp", "jax.jvp", "jax.jacfwd", "jax.jacrev",
            "jax.jacobian", "jax.hessian", "jax.linearize", "jax.test_util", "dltoolkit.gradients",
            "dltoolkit.gradcheck", "torch", "autograd")
ACTIVATIONS = ("dltoolkit.activations", "dltoolkit.layers", "flax")
LOSSES = ("optax", "dltoolkit.losses")
OPTIMIZERS = ("optax", "dltoolkit.optim", "dltoolkit.train")
INITS = ("jax.nn.initializers", "dltoolkit.initializers", "flax")
BOXES = ("dltoolkit.models", "dltoolkit.boxes", "torchvision", "jax.image")
EVERYWHERE = ("dltoolkit.grading", "dlgrader")

BANNED: dict[str, tuple[str, ...]] = {
    "01.step": ("numpy.heaviside", "jax.numpy.heaviside", *ACTIVATIONS),
    "01.perceptron_predict": ("dltoolkit.models",),
    "01.perceptron_update": ("dltoolkit.models", *OPTIMIZERS),
    "02.sigmoid": ("jax.nn.sigmoid", "jax.nn.log_sigmoid", "jax.scipy.special.expit", "scipy.special.expit",
                   "jax.nn.softplus", *ACTIVATIONS),
    "02.sigmoid_derivative": (*AUTODIFF, *ACTIVATIONS),
    "02.mse_grad": (*AUTODIFF, *LOSSES),
    "02.gd_step": (*AUTODIFF, *LOSSES, *OPTIMIZERS),
    "02.divergence_threshold": (*OPTIMIZERS,),
    "03.chain_forward": ("jax.nn.sigmoid", "jax.scipy.special.expit", "scipy.special.expit", *ACTIVATIONS),
    "03.chain_backward": AUTODIFF,
    "03.dense_backward": AUTODIFF,
    "03.numerical_grad": AUTODIFF,
    "03.rel_error": ("numpy.testing", "dltoolkit.gradients"),
    "03.value_neuron": (*AUTODIFF, "micrograd"),
    "03.value_accumulate": (*AUTODIFF, "micrograd"),
    "04.relu": ("jax.nn.relu", "jax.nn.relu6", *ACTIVATIONS),
    "04.relu_derivative": (*AUTODIFF, *ACTIVATIONS),
    "04.leaky_relu": ("jax.nn.leaky_relu", *ACTIVATIONS),
    "04.tanh_derivative": (*AUTODIFF, *ACTIVATIONS),
    "04.grad_through_depth": AUTODIFF,
    "05.softmax": ("jax.nn.softmax", "jax.nn.log_softmax", "jax.scipy.special.softmax", "scipy.special.softmax",
                   *ACTIVATIONS),
    "05.cross_entropy": (*LOSSES, "jax.nn.log_softmax", "jax.nn.softmax", "jax.scipy.special.logsumexp",
                         "jax.nn.logsumexp", "scipy.special.logsumexp", *ACTIVATIONS),
    "05.ce_grad": (*AUTODIFF, *LOSSES, "jax.nn.softmax", *ACTIVATIONS),
    "05.softmax_backward": (*AUTODIFF, "jax.nn.softmax", *ACTIVATIONS),
    "06.grad_variance": (*AUTODIFF, *LOSSES, "dltoolkit.train"),
    "06.minibatches": ("dltoolkit.data", "dltoolkit.train"),
    "06.sgd_epoch": (*AUTODIFF, *OPTIMIZERS, *LOSSES, "dltoolkit.data"),
    "07.momentum": OPTIMIZERS,
    "07.adam": OPTIMIZERS,
    "07.step_decay": OPTIMIZERS,
    "07.cosine_decay": OPTIMIZERS,
    "08.he_std": INITS,
    "08.glorot_limit": INITS,
    "08.he_normal": INITS,
    "08.activation_stds": ("dltoolkit.layers", "dltoolkit.models", "dltoolkit.train", "flax"),
    "09.dropout": ("dltoolkit.layers", "flax"),
    "09.l2_penalty": ("dltoolkit.regularizers", *OPTIMIZERS),
    "09.adamw_step": OPTIMIZERS,
    "09.adam_l2_step": OPTIMIZERS,
    "09.standardize_split": ("dltoolkit.data", "sklearn"),
    "09.early_stopping": ("dltoolkit.train", "dltoolkit.callbacks", "keras"),
    "10.conv_output_size": ("dltoolkit.layers",),
    "10.conv2d": ("jax.lax.conv", "jax.lax.conv_general_dilated", "jax.lax.conv_with_general_padding",
                  "jax.lax.conv_transpose", "jax.numpy.convolve", "numpy.convolve", "jax.scipy.signal",
                  "scipy.signal", "scipy.ndimage", "dltoolkit.layers", "flax"),
    "10.max_pool": ("jax.lax.reduce_window", "dltoolkit.layers", "flax", "scipy.ndimage"),
    "11.conv_params": ("dltoolkit.layers", "dltoolkit.models"),
    "11.dense_params": ("dltoolkit.layers", "dltoolkit.models"),
    "11.lenet5_param_counts": ("dltoolkit.layers", "dltoolkit.models"),
    "11.lenet5_forward": ("dltoolkit.models",),
    "12.batchnorm_train": ("dltoolkit.layers", "flax"),
    "12.batchnorm_eval": ("dltoolkit.layers", "flax"),
    "12.batchnorm_backward": (*AUTODIFF, "dltoolkit.layers", "flax"),
    "12.residual_block": ("dltoolkit.layers", "dltoolkit.models"),
    "12.global_avg_pool": ("dltoolkit.layers",),
    "12.receptive_field": ("dltoolkit.models",),
    "12.bottleneck_params": ("dltoolkit.layers", "dltoolkit.models"),
    "13.freeze_updates": ("optax.masked", "optax.multi_transform", "optax.set_to_zero", "dltoolkit.optim",
                          "dltoolkit.train"),
    "13.count_trainable": ("dltoolkit.models", "dltoolkit.train"),
    "14.mixup": ("dltoolkit.data",),
    "14.horizontal_flip": ("dltoolkit.data", "jax.image"),
    "14.center_crop": ("dltoolkit.data", "jax.image"),
    "14.random_flip": ("dltoolkit.data", "jax.image"),
    "14.cutmix": ("dltoolkit.data",),
    "15.iou": BOXES,
    "15.nms": BOXES,
    "15.dice": ("dltoolkit.metrics", "dltoolkit.losses"),
    "16.d_loss": LOSSES,
    "16.g_loss": LOSSES,
    "16.cycle_loss": LOSSES,
    "17.poly_features": ("numpy.vander", "jax.numpy.vander", "numpy.polynomial", "sklearn"),
    "17.ridge": ("sklearn",),
    "17.min_norm_solution": ("sklearn",),
    "17.double_descent": ("sklearn",),
}

REQUIRED: dict[str, tuple[str, str]] = {  # (attribute the code must use, why)
    "03.value_neuron": ("backward", "build the neuron from your Value objects and call out.backward()"),
    "03.value_accumulate": ("backward", "build f from your Value objects and call f.backward()"),
}

LITERALS: dict[str, tuple[int, ...]] = {
    "11.lenet5_param_counts": (156, 2416, 48120, 10164, 850, 61706),
    "12.bottleneck_params": (70400, 75008, 1117184, 6039552),
}
