"""`python -m legofactory_trainer --config train.yaml`, alone or under `accelerate launch`."""

import argparse

from .config import load_config
from .train import train


def main() -> None:
    parser = argparse.ArgumentParser(prog="legofactory-train", description=__doc__)
    parser.add_argument("--config", required=True, help="the training YAML (see docs/sft.md)")
    args = parser.parse_args()
    train(load_config(args.config))


if __name__ == "__main__":
    main()
