import json
import shutil
from pathlib import Path

import torch
import yaml
from transformers import AutoModelForCausalLM

from conftest import record
from legofactory_trainer import load_config, train
from legofactory_trainer.data import load_examples
from legofactory_trainer.loss import collate, masked_loss


def write_stage(path: Path, fixes: list[str]) -> str:
    lines = [
        json.dumps(
            record(
                ("user", f"Make add() return {fix}.", False),
                ("assistant", "<function=execute_bash>\n<parameter=command>ls</parameter>\n</function>", True),
                ("user", "EXECUTION RESULT of [execute_bash]:\ncalc.py", False),
                ("assistant", f"<function=finish>\n<parameter=message>{fix}</parameter>\n</function>", False),
            )
        )
        for fix in fixes
    ]
    path.write_text("\n".join(lines) + "\n")
    return path.name


def config_file(tmp_path: Path, model: Path, **overrides) -> Path:
    stages = [
        write_stage(tmp_path / "stage-1.jsonl", ["a + b", "b + a"]),
        write_stage(tmp_path / "stage-2.jsonl", ["sum((a, b))", "a - (-b)", "a.__add__(b)"]),
    ]
    config = {
        "model": str(model),
        "stages": stages,
        "output_dir": "out",
        "epochs": 4,
        "batch_size": 2,
        "learning_rate": 0.01,
        "lr_scheduler": "constant",
        "save_steps": 2,
        "max_length": 512,
        **overrides,
    }
    path = tmp_path / "train.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def mean_loss(model_dir: Path, data: Path, tokenizer) -> float:
    model = AutoModelForCausalLM.from_pretrained(model_dir).eval()
    batch = collate(load_examples(data, tokenizer, 512), tokenizer.pad_token_id)
    with torch.no_grad():
        return masked_loss(model, batch).item()


def test_two_curriculum_stages_lower_the_loss_and_write_checkpoints(tmp_path, tiny_model_dir, tokenizer, capsys):
    config = load_config(config_file(tmp_path, tiny_model_dir))
    losses = train(config)
    assert [len(losses[0]), len(losses[1])] == [4, 8]
    out = tmp_path / "out"
    for stage in ("stage-1", "stage-2"):
        assert (out / stage / "final" / "model.safetensors").exists()
        assert (out / stage / "final" / "tokenizer.json").exists()
        assert (out / stage / "checkpoint" / "optimizer.bin").exists()
        assert json.loads((out / stage / "progress.json").read_text())["done"] is True
    data = tmp_path / "stage-2.jsonl"
    before = mean_loss(tiny_model_dir, data, tokenizer)
    after = mean_loss(out / "stage-2" / "final", data, tokenizer)
    assert after < before * 0.7
    assert losses[1][-1] < losses[1][0]
    # Stage 2 started from stage 1's weights, not from the base model.
    assert losses[1][0] < mean_loss(tiny_model_dir, data, tokenizer)
    printed = capsys.readouterr().out
    assert "stage 1/2: 2 samples (0 truncated)" in printed
    assert "stage 2 step 8/8 loss" in printed


def test_a_rerun_skips_finished_stages_and_resumes_from_the_checkpoint(tmp_path, tiny_model_dir, capsys):
    config = load_config(config_file(tmp_path, tiny_model_dir))
    train(config)
    stage2 = tmp_path / "out" / "stage-2"
    shutil.rmtree(stage2 / "final")
    (stage2 / "progress.json").write_text(json.dumps({"step": 6, "batches": 12}))
    capsys.readouterr()
    losses = train(config)
    printed = capsys.readouterr().out
    assert "stage 1: already done" in printed
    assert "stage 2: resuming from step 6" in printed
    assert len(losses[1]) == 2
    assert (stage2 / "final" / "model.safetensors").exists()


def test_lora_trains_adapters_stage_after_stage(tmp_path, tiny_model_dir):
    config = load_config(config_file(tmp_path, tiny_model_dir, method="lora", lora={"r": 4, "alpha": 8}, epochs=1))
    losses = train(config)
    assert [len(losses[0]), len(losses[1])] == [1, 2]
    for stage in ("stage-1", "stage-2"):
        assert (tmp_path / "out" / stage / "final" / "adapter_model.safetensors").exists()
        assert not (tmp_path / "out" / stage / "final" / "model.safetensors").exists()
