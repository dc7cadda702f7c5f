from pathlib import Path

import pytest
from accelerate.commands.config.config_args import load_config_from_file

from legofactory_trainer import load_config

CONFIGS = Path(__file__).resolve().parents[1] / "configs"


@pytest.mark.parametrize(("name", "kind"), [("deepspeed-zero3.yaml", "DEEPSPEED"), ("fsdp.yaml", "FSDP")])
def test_the_shipped_accelerate_configs_load_in_accelerate(name, kind):
    config = load_config_from_file(str(CONFIGS / "accelerate" / name))
    assert config.distributed_type.value == kind
    assert config.mixed_precision == "bf16"


def test_the_shipped_training_configs_load():
    sft = load_config(CONFIGS / "train-qwen3-8b.yaml")
    assert [Path(stage).name for stage in sft.stages] == ["stage-1.jsonl", "stage-2.jsonl", "stage-3.jsonl"]
    assert (sft.max_length, sft.rope_scaling, sft.weight_decay, sft.max_grad_norm) == (131072, "yarn", 0.01, 1.0)
    assert load_config(CONFIGS / "verifier-qwen3-8b.yaml").method == "lora"


def test_unknown_keys_are_refused(tmp_path):
    path = tmp_path / "train.yaml"
    path.write_text("model: m\nstages: [a.jsonl]\nlearning_rat: 1\n")
    with pytest.raises(ValueError, match="unknown config keys in .*: learning_rat"):
        load_config(path)
