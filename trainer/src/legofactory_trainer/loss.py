"""The masked, weighted token loss and the batch collator."""

import torch
import torch.nn.functional as F

from .data import IGNORE, Example


def collate(examples: list[Example], pad_id: int) -> dict[str, torch.Tensor]:
    width = max(len(e.input_ids) for e in examples)

    def padded(values: list[int], fill: int) -> list[int]:
        return values + [fill] * (width - len(values))

    return {
        "input_ids": torch.tensor([padded(e.input_ids, pad_id) for e in examples]),
        "attention_mask": torch.tensor([padded([1] * len(e.input_ids), 0) for e in examples]),
        "labels": torch.tensor([padded(e.labels, IGNORE) for e in examples]),
        "weight": torch.tensor([e.weight for e in examples], dtype=torch.float32),
    }


def masked_loss(model, batch: dict[str, torch.Tensor]) -> torch.Tensor:
    """Mean next-token loss over labelled tokens, each scaled by its sample's weight; -100 tokens add nothing."""
    logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits[:, :-1]
    labels = batch["labels"][:, 1:]
    losses = F.cross_entropy(
        logits.float().reshape(-1, logits.shape[-1]), labels.reshape(-1), ignore_index=IGNORE, reduction="none"
    ).view(labels.shape)
    counted = labels != IGNORE
    weights = batch["weight"].to(losses.device)[:, None] * counted
    return (losses * weights).sum() / counted.sum().clamp(min=1)
