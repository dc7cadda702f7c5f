"""Loading the model and tokenizer for a stage: full fine-tuning or LoRA, from a path or a hub id."""

from pathlib import Path

import torch
from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

from .config import TrainConfig
from .rope import apply_rope, scaled_rope


def load_tokenizer(config: TrainConfig):
    tokenizer = AutoTokenizer.from_pretrained(config.tokenizer or config.model)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def load_model(config: TrainConfig, previous: Path | None):
    """The base model for stage 1; the previous stage's weights (or LoRA adapter) for the next ones."""
    dtype = torch.bfloat16 if config.bf16 else torch.float32
    start = previous if previous is not None and config.method == "full" else config.model
    model_config = AutoConfig.from_pretrained(start)
    rope = scaled_rope(model_config, config.rope_scaling, config.max_length)
    if rope is not None:
        apply_rope(model_config, rope)
    model = AutoModelForCausalLM.from_pretrained(start, config=model_config, dtype=dtype)
    if config.gradient_checkpointing:
        model.gradient_checkpointing_enable()
        model.config.use_cache = False
    if config.method == "full":
        return model
    from peft import LoraConfig, PeftModel, get_peft_model

    if config.gradient_checkpointing:
        model.enable_input_require_grads()
    if previous is not None:
        return PeftModel.from_pretrained(model, previous, is_trainable=True)
    lora = config.lora
    settings = LoraConfig(
        r=lora.r,
        lora_alpha=lora.alpha,
        lora_dropout=lora.dropout,
        target_modules=lora.target_modules,
        task_type="CAUSAL_LM",
    )
    return get_peft_model(model, settings)
