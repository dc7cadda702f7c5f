import json
import math
from pathlib import Path

import pytest

from conftest import record, save_tiny_qwen3
from legofactory_trainer import TrainConfig, train
from legofactory_trainer.model import load_model


@pytest.fixture(scope="module")
def short_model(tmp_path_factory) -> Path:
    """A tiny Qwen3 that knows 2,048 positions, with Qwen3's rope_theta (not transformers' default)."""
    return save_tiny_qwen3(
        tmp_path_factory.mktemp("short-qwen3"),
        vocab_size=64,
        num_hidden_layers=1,
        rope_parameters={"rope_type": "default", "rope_theta": 1000000.0},
    )


def config_for(model: Path, **settings) -> TrainConfig:
    return TrainConfig(model=str(model), stages=["unused.jsonl"], **settings)


def test_yarn_scales_rope_as_llama_factory_does_and_keeps_rope_theta(short_model):
    model = load_model(config_for(short_model, rope_scaling="yarn", max_length=8000), None)
    assert model.config.rope_parameters == {
        "rope_type": "yarn",
        "factor": 4.0,
        "original_max_position_embeddings": 2048,
        "rope_theta": 1000000.0,
    }
    assert model.config.max_position_embeddings == 8192
    rotary = model.model.rotary_emb
    assert rotary.rope_type == "yarn"
    # YaRN's attention temperature for factor 4: 0.1 ln 4 + 1.
    assert rotary.attention_scaling == pytest.approx(0.1 * math.log(4.0) + 1.0)


def test_an_explicit_dict_is_used_as_given_and_short_contexts_are_left_alone(short_model):
    given = {"rope_type": "yarn", "factor": 2.0, "original_max_position_embeddings": 2048}
    model = load_model(config_for(short_model, rope_scaling=given, max_length=1024), None)
    assert model.config.rope_parameters["factor"] == 2.0
    assert model.config.max_position_embeddings == 4096
    plain = load_model(config_for(short_model, rope_scaling="yarn", max_length=2048), None)
    assert plain.config.rope_parameters == {"rope_type": "default", "rope_theta": 1000000.0}
    with pytest.raises(ValueError, match="rope_scaling must be one of linear, dynamic, yarn"):
        load_model(config_for(short_model, rope_scaling="ntk", max_length=8000), None)


def test_trained_stages_keep_yarn_without_compounding_the_factor(tmp_path, tiny_model_dir):
    data = tmp_path / "stage.jsonl"
    line = json.dumps(record(("user", "Fix add().", False), ("assistant", "Done.", True)))
    data.write_text(f"{line}\n{line}\n")
    config = TrainConfig(
        model=str(tiny_model_dir),
        stages=[str(data), str(data)],
        output_dir=str(tmp_path / "out"),
        rope_scaling="yarn",
        max_length=4096,
        max_steps=1,
        batch_size=2,
    )
    train(config)
    for stage in ("stage-1", "stage-2"):
        saved = json.loads((tmp_path / "out" / stage / "final" / "config.json").read_text())
        rope = saved.get("rope_parameters") or saved["rope_scaling"]
        assert (rope["rope_type"], rope["factor"], rope["original_max_position_embeddings"]) == ("yarn", 2.0, 2048)
        assert saved["max_position_embeddings"] == 4096
