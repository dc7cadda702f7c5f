import torch
from transformers import AutoModelForCausalLM

from conftest import record
from legofactory_trainer.data import IGNORE, encode_conversation
from legofactory_trainer.loss import collate, masked_loss

FIRST = "Let me look.\n<function=execute_bash>\n<parameter=command>cat calc.py</parameter>\n</function>"
WRONG = "<function=str_replace_editor>\n<parameter=path>/nope.py</parameter>\n</function>"
LAST = "<function=finish>\n<parameter=message>done</parameter>\n</function>"


def conversation(wrong: str = WRONG, first: str = FIRST, wrong_masked: bool = True, last: bool = True) -> dict:
    turns = [
        ("user", "Fix add() in /testbed.", False),
        ("assistant", first, False),
        ("user", "EXECUTION RESULT of [execute_bash]:\ndef add(a, b): return a - b", False),
        ("assistant", wrong, wrong_masked),
    ]
    if last:
        turns += [("user", "EXECUTION RESULT of [str_replace_editor]:\nERROR: no such file", False)]
        turns += [("assistant", LAST, False)]
    return record(*turns)


def runs(labels: list[int]) -> list[list[int]]:
    """The consecutive labelled stretches."""
    out, current = [], []
    for label in labels + [IGNORE]:
        if label != IGNORE:
            current.append(label)
        elif current:
            out, current = out + [current], []
    return out


def test_labels_cover_exactly_the_trained_assistant_turns_token_for_token(tokenizer):
    example = encode_conversation(tokenizer, conversation(), max_length=4096)
    first = tokenizer.encode(FIRST + "<|im_end|>", add_special_tokens=False)
    # Qwen3's template writes an empty think block before the reply after the last user message.
    last = tokenizer.encode("<think>\n\n</think>\n\n" + LAST + "<|im_end|>", add_special_tokens=False)
    assert runs(example.labels) == [first, last]
    expected = [IGNORE] * len(example.input_ids)
    for run in (first, last):
        at = next(i for i in range(len(example.input_ids)) if example.input_ids[i : i + len(run)] == run)
        expected[at : at + len(run)] = run
    assert example.labels == expected
    wrong = tokenizer.encode(WRONG, add_special_tokens=False)
    at = next(i for i in range(len(example.input_ids)) if example.input_ids[i : i + len(wrong)] == wrong)
    assert example.labels[at : at + len(wrong) + 1] == [IGNORE] * (len(wrong) + 1)
    header = tokenizer.encode("<|im_start|>assistant\n", add_special_tokens=False)
    assert sum(example.input_ids[i : i + len(header)] == header for i in range(len(example.input_ids))) == 3


def test_every_export_format_marks_the_same_tokens(tokenizer):
    swe_lego = conversation()
    axolotl = {"messages": [{**m, "train": m["role"] == "assistant" and not m.pop("turn_mask")} for m in conversation()["messages"]]}
    openai = {
        "messages": [
            {"role": m["role"], "content": m["content"], **({"weight": 0 if m["turn_mask"] else 1} if m["role"] == "assistant" else {})}
            for m in conversation()["messages"]
        ]
    }
    labels = [encode_conversation(tokenizer, r, 4096).labels for r in (swe_lego, axolotl, openai)]
    assert labels[0] == labels[1] == labels[2]


def loss_of(model, tokenizer, data: dict) -> torch.Tensor:
    batch = collate([encode_conversation(tokenizer, data, 4096)], tokenizer.pad_token_id)
    with torch.no_grad():
        return masked_loss(model, batch)


def test_a_masked_turn_adds_no_loss_and_trained_turns_do(tokenizer, tiny_model_dir):
    model = AutoModelForCausalLM.from_pretrained(tiny_model_dir).eval()
    base = loss_of(model, tokenizer, conversation(last=False))
    changed_masked = loss_of(model, tokenizer, conversation(wrong=WRONG.replace("nope", "other/place"), last=False))
    assert torch.equal(base, changed_masked)
    changed_trained = loss_of(model, tokenizer, conversation(first=FIRST.replace("cat", "head -5"), last=False))
    assert not torch.equal(base, changed_trained)
    unmasked = conversation(wrong_masked=False, last=False)
    changed_unmasked = conversation(wrong=WRONG.replace("nope", "other/place"), wrong_masked=False, last=False)
    assert not torch.equal(loss_of(model, tokenizer, unmasked), loss_of(model, tokenizer, changed_unmasked))
