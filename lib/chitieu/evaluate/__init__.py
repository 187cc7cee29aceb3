"""Evaluation against gold: the scorer (`scoring`, the same rules as the project's shared score.py) and the
gold sets it runs on (`gold`: the seed reports and the example corpus).

Imports the ground and `extract`."""
