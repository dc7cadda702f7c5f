"""Conversations to token ids and labels: every trained assistant turn keeps its tokens, the rest is -100."""

import json
from dataclasses import dataclass
from pathlib import Path

IGNORE = -100


@dataclass
class Example:
    input_ids: list[int]
    labels: list[int]
    weight: float = 1.0
    truncated: bool = False


def _trained(message: dict) -> bool:
    """Whether a message is trained, in any LegoFactory export: turn_mask, train or weight."""
    if message.get("role") != "assistant":
        return False
    if "turn_mask" in message:
        return not message["turn_mask"]
    if "train" in message:
        return bool(message["train"])
    if "weight" in message:
        return message["weight"] != 0
    return True


def normalize_record(record: dict) -> tuple[list[dict], list[bool], list | None, float]:
    """Messages for the chat template, which of them are trained, the tools, and the sample weight."""
    messages, trained = [], []
    for message in record["messages"]:
        clean = {"role": message["role"], "content": message.get("content") or ""}
        if message.get("tool_calls"):
            clean["tool_calls"] = message["tool_calls"]
        for key in ("tool_call_id", "name"):
            if message["role"] == "tool" and message.get(key) is not None:
                clean[key] = message[key]
        messages.append(clean)
        trained.append(_trained(message))
    return messages, trained, record.get("tools") or None, float(record.get("sample_weight", 1.0))


def _assistant_header(tokenizer) -> str:
    """What the template writes before an assistant turn: the generation prompt."""
    probe = [{"role": "user", "content": "probe"}]
    bare = tokenizer.apply_chat_template(probe, tokenize=False)
    prompted = tokenizer.apply_chat_template(probe, tokenize=False, add_generation_prompt=True)
    if not prompted.startswith(bare) or prompted == bare:
        raise ValueError("the chat template has no generation prompt to find assistant turns by")
    return prompted[len(bare) :]


def _content_end(text: str, content: str, start: int) -> int:
    """Where a message's visible content ends in the rendered text (templates may drop a <think> part)."""
    visible = content.split("</think>")[-1].strip("\n") if "</think>" in content else content
    if not visible:
        return start
    found = text.find(visible, start)
    return start if found < 0 else found + len(visible)


def trained_spans(text: str, messages: list[dict], trained: list[bool], header: str, end: str) -> list[tuple[int, int]]:
    """Character spans of the trained assistant turns: from after the header through the end-of-turn text.

    Messages are walked in order, so a header or end marker quoted inside an earlier message is skipped.
    """
    spans, cursor = [], 0
    for message, train in zip(messages, trained):
        if message["role"] != "assistant":
            cursor = _content_end(text, message["content"], cursor)
            continue
        at = text.find(header, cursor)
        if at < 0:
            raise ValueError("an assistant turn is missing from the rendered conversation")
        start = at + len(header)
        stop = text.find(end, _content_end(text, message["content"], start))
        if stop < 0:
            raise ValueError(f"an assistant turn does not end with {end!r}")
        cursor = stop + len(end)
        if train:
            spans.append((start, cursor))
    return spans


def encode_conversation(tokenizer, record: dict, max_length: int, end_of_turn: str | None = None) -> Example:
    """Renders a record with the model's chat template and labels the tokens of its trained turns."""
    messages, trained, tools, weight = normalize_record(record)
    text = tokenizer.apply_chat_template(messages, tools=tools, tokenize=False)
    spans = trained_spans(text, messages, trained, _assistant_header(tokenizer), end_of_turn or tokenizer.eos_token)
    encoded = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    ids = encoded["input_ids"]
    labels = [IGNORE] * len(ids)
    span = 0
    for i, (begin, _) in enumerate(encoded["offset_mapping"]):
        while span < len(spans) and begin >= spans[span][1]:
            span += 1
        if span < len(spans) and begin >= spans[span][0]:
            labels[i] = ids[i]
    truncated = len(ids) > max_length
    return Example(ids[:max_length], labels[:max_length], weight, truncated)


def load_examples(path: str | Path, tokenizer, max_length: int, end_of_turn: str | None = None) -> list[Example]:
    """Every record of a JSONL file (any LegoFactory export format), encoded."""
    with open(path, encoding="utf-8") as file:
        return [
            encode_conversation(tokenizer, json.loads(line), max_length, end_of_turn)
            for line in file
            if line.strip()
        ]
