"""The curriculum: stages in order, each resuming from its last checkpoint and starting from the previous stage."""

import json
import math
from pathlib import Path

import torch
from accelerate import Accelerator
from accelerate.utils import set_seed
from torch.utils.data import DataLoader
from transformers import get_scheduler

from .config import TrainConfig
from .data import load_examples
from .loss import collate, masked_loss
from .model import load_model, load_tokenizer


def _say(accelerator: Accelerator, line: str) -> None:
    if accelerator.is_main_process:
        print(line, flush=True)


def _read_json(path: Path) -> dict:
    return json.loads(path.read_text()) if path.exists() else {}


def _save_final(accelerator: Accelerator, model, tokenizer, directory: Path) -> None:
    """Saves weights (or the LoRA adapter) gathered from every process, and the tokenizer."""
    state = accelerator.get_state_dict(model)
    if accelerator.is_main_process:
        accelerator.unwrap_model(model).save_pretrained(directory, state_dict=state, safe_serialization=True)
        tokenizer.save_pretrained(directory)


class Stage:
    """One curriculum stage: its data file and its directory of checkpoints and final weights."""

    def __init__(self, config: TrainConfig, index: int):
        self.config = config
        self.index = index
        self.data = config.stages[index]
        self.dir = Path(config.output_dir) / f"stage-{index + 1}"
        self.final = self.dir / "final"
        self.checkpoint = self.dir / "checkpoint"
        self.progress_file = self.dir / "progress.json"

    @property
    def done(self) -> bool:
        return _read_json(self.progress_file).get("done", False)


def _steps_per_epoch(batches: int, config: TrainConfig) -> int:
    return max(1, math.ceil(batches / config.gradient_accumulation_steps))


def _train_stage(config: TrainConfig, stage: Stage, previous: Path | None, accelerator: Accelerator) -> list[float]:
    tokenizer = load_tokenizer(config)
    examples = load_examples(stage.data, tokenizer, config.max_length, config.end_of_turn)
    truncated = sum(e.truncated for e in examples)
    model = load_model(config, previous)
    loader = DataLoader(
        examples,
        batch_size=config.batch_size,
        shuffle=config.shuffle,
        collate_fn=lambda batch: collate(batch, tokenizer.pad_token_id),
    )
    per_epoch = _steps_per_epoch(len(loader), config)
    total = config.max_steps or max(1, math.ceil(per_epoch * config.epochs))
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=config.learning_rate, weight_decay=config.weight_decay)
    scheduler = get_scheduler(config.lr_scheduler, optimizer, int(total * config.warmup_ratio), total)
    model, optimizer, loader, scheduler = accelerator.prepare(model, optimizer, loader, scheduler)
    progress = _read_json(stage.progress_file)
    step, batches = progress.get("step", 0), progress.get("batches", 0)
    if step > 0 and stage.checkpoint.exists():
        accelerator.load_state(str(stage.checkpoint))
        _say(accelerator, f"stage {stage.index + 1}: resuming from step {step}")
    _say(
        accelerator,
        f"stage {stage.index + 1}/{len(config.stages)}: {len(examples)} samples ({truncated} truncated) "
        f"from {stage.data}, {total} steps",
    )
    losses: list[float] = []
    model.train()
    while step < total:
        epoch_batches = batches % len(loader)
        data = accelerator.skip_first_batches(loader, epoch_batches) if epoch_batches else loader
        for batch in data:
            with accelerator.accumulate(model):
                loss = masked_loss(model, batch)
                accelerator.backward(loss)
                if accelerator.sync_gradients:
                    accelerator.clip_grad_norm_(params, config.max_grad_norm)
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()
            batches += 1
            if not accelerator.sync_gradients:
                continue
            step += 1
            losses.append(loss.item())
            if step % config.logging_steps == 0 or step == total:
                lr = scheduler.get_last_lr()[0]
                _say(accelerator, f"stage {stage.index + 1} step {step}/{total} loss {loss.item():.4f} lr {lr:.2e}")
            if step % config.save_steps == 0 or step == total:
                accelerator.save_state(str(stage.checkpoint))
                if accelerator.is_main_process:
                    stage.progress_file.write_text(json.dumps({"step": step, "batches": batches}))
            if step >= total:
                break
    _save_final(accelerator, model, tokenizer, stage.final)
    if accelerator.is_main_process:
        stage.progress_file.write_text(json.dumps({"step": step, "batches": batches, "done": True}))
    accelerator.wait_for_everyone()
    return losses


def train(config: TrainConfig) -> dict[int, list[float]]:
    """Runs every stage not done yet; returns the losses of the optimizer steps each stage ran now."""
    accelerator = Accelerator(
        gradient_accumulation_steps=config.gradient_accumulation_steps,
        mixed_precision="bf16" if config.bf16 else "no",
    )
    set_seed(config.seed)
    losses: dict[int, list[float]] = {}
    previous: Path | None = None
    for index in range(len(config.stages)):
        stage = Stage(config, index)
        stage.dir.mkdir(parents=True, exist_ok=True)
        if stage.done:
            _say(accelerator, f"stage {index + 1}: already done ({stage.final})")
        else:
            losses[index] = _train_stage(config, stage, previous, accelerator)
        previous = stage.final
    _say(accelerator, f"done: {previous}")
    return losses
