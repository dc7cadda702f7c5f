"""The training configuration: one YAML file, every field with a default but the model and the data."""

from dataclasses import dataclass, field, fields
from pathlib import Path

import yaml


@dataclass
class LoraSettings:
    r: int = 16
    alpha: int = 32
    dropout: float = 0.05
    target_modules: str | list[str] = "all-linear"


@dataclass
class TrainConfig:
    """What `python -m legofactory_trainer --config FILE` trains."""

    model: str
    # Data files trained in order, each stage starting from the previous stage's weights.
    stages: list[str]
    output_dir: str = "runs/sft"
    tokenizer: str | None = None
    method: str = "full"  # full | lora
    lora: LoraSettings = field(default_factory=LoraSettings)
    max_length: int = 32768
    # RoPE scaling past the model's positions: yarn | linear | dynamic (factor from max_length, as
    # LLaMA-Factory derives it) or a dict of transformers rope parameters; None leaves the model's own.
    rope_scaling: str | dict | None = None
    epochs: float = 1.0
    max_steps: int = 0  # optimizer steps per stage; 0 = from epochs
    batch_size: int = 1
    gradient_accumulation_steps: int = 1
    learning_rate: float = 1e-5
    weight_decay: float = 0.0
    warmup_ratio: float = 0.0
    lr_scheduler: str = "cosine"
    max_grad_norm: float = 1.0
    bf16: bool = False
    gradient_checkpointing: bool = False
    shuffle: bool = False  # curriculum stages keep their easy-to-hard order by default
    save_steps: int = 100
    logging_steps: int = 1
    seed: int = 0
    # The text that ends a turn in the chat template (default: the tokenizer's eos token).
    end_of_turn: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.lora, dict):
            self.lora = LoraSettings(**self.lora)
        if self.method not in ("full", "lora"):
            raise ValueError(f"method must be full or lora, got {self.method!r}")
        if not self.stages:
            raise ValueError("stages must list at least one data file")


def load_config(path: str | Path) -> TrainConfig:
    """Reads a YAML config; relative data paths and output_dir are relative to the config file."""
    path = Path(path)
    raw = yaml.safe_load(path.read_text()) or {}
    known = {f.name for f in fields(TrainConfig)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ValueError(f"unknown config keys in {path}: {', '.join(unknown)}")
    if isinstance(raw.get("stages"), str):
        raw["stages"] = [raw["stages"]]
    base = path.parent
    raw["stages"] = [str(base / stage) for stage in raw.get("stages", [])]
    raw["output_dir"] = str(base / raw.get("output_dir", "runs/sft"))
    for key in ("model", "tokenizer"):
        if raw.get(key) and (base / raw[key]).exists():
            raw[key] = str(base / raw[key])
    return TrainConfig(**raw)
