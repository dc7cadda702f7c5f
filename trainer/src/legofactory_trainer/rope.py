"""RoPE scaling for contexts longer than the model was trained on, set through the model's transformers config."""

import math

SCALINGS = ("linear", "dynamic", "yarn")


def scaled_rope(config, scaling: str | dict | None, max_length: int) -> dict | None:
    """The rope parameters to train `max_length` tokens with, or None when the model's own positions suffice.

    A name (`yarn`, as LLaMA-Factory takes it) gets LLaMA-Factory's numbers: factor
    ceil(max_length / max_position_embeddings) and original_max_position_embeddings = the model's
    max_position_embeddings. A dict is used as given (`{"rope_type": "yarn", "factor": 4.0, ...}`).
    """
    if scaling is None:
        return None
    if isinstance(scaling, dict):
        return dict(scaling)
    if scaling not in SCALINGS:
        raise ValueError(f"rope_scaling must be one of {', '.join(SCALINGS)} or a dict, got {scaling!r}")
    positions = config.max_position_embeddings
    if max_length <= positions:
        return None
    parameters = {"rope_type": scaling, "factor": float(math.ceil(max_length / positions))}
    if scaling in ("dynamic", "yarn"):
        parameters["original_max_position_embeddings"] = positions
    return parameters


def apply_rope(config, parameters: dict) -> None:
    """Sets the parameters on a transformers config, keeping its rope_theta, and enlarges its positions."""
    current = getattr(config, "rope_parameters", None)
    if current is not None:  # transformers 5: rope_theta lives in rope_parameters
        config.rope_parameters = {**current, **parameters}
    else:
        config.rope_scaling = parameters
    if "factor" in parameters and "original_max_position_embeddings" in parameters:
        config.max_position_embeddings = int(parameters["original_max_position_embeddings"] * parameters["factor"])
