"""LegoFactory's trainer: SFT with per-turn loss masks and a difficulty curriculum."""

from .config import TrainConfig, load_config
from .data import Example, encode_conversation, load_examples, normalize_record
from .train import train

__all__ = [
    "Example",
    "TrainConfig",
    "encode_conversation",
    "load_config",
    "load_examples",
    "normalize_record",
    "train",
]
