"""Linear-chain CRF models in crfsuite's file format, read into numpy and decoded in batches.

underthesea ships its word-segmentation, POS, chunking and NER models as crfsuite
files and decodes them with ``underthesea_core.CRFTagger``, whose ``tag`` takes one
feature *string* per template and token. :class:`CRFModel` reads the same file once
into two arrays, so a caller that already knows each feature's attribute id (see
:class:`nlp.crf_features.StageFeatures`) scores tokens by adding weight rows and
decodes many sentences at once.

The file (crfsuite's ``crf1d`` model, little-endian throughout)::

    header, 48 bytes: "lCRF", file size, "FOMC", version (100), num_features
        (0 in these files: the FEAT chunk has the count), num_labels, num_attrs,
        then the offsets of the chunks below: features, labels, attrs,
        label refs, attr refs
    FEAT chunk: "FEAT", chunk size, count, then count × 20-byte features:
        type u32 (0: state, attribute → label; 1: transition, label → label),
        src u32, dst u32, weight f64
    labels, attrs: one CQDB string database each: "CQDB", size, flag, byte order,
        bwd_size, bwd_offset, 256 × (table offset, table size) hash tables, records
        (id u32, key size u32, key with its NUL), and at bwd_offset the backward array,
        one u32 record offset (from the CQDB's start) per id
    LFRF, AFRF chunks: for each label / attribute the ids of its features (an index
        crfsuite's own tagger uses; not needed here)

The arrays follow ``underthesea_core``'s loader (crf/serialization.rs), not only
crfsuite's: strings are read through the backward array in id order, decoded as
UTF-8 with replacement and numbered as they are first seen (a repeated string keeps
its first id); a state feature whose weight is within 1e-10 of zero is dropped; a
later feature of the same (src, dst) replaces an earlier one.

Scores are computed with the same floating-point operations as ``CRFTagger`` (so
ties and near-ties go the same way): a token's score for a label is ``0.0`` plus the
weights of its known attributes *in feature order* (unknown attributes add nothing;
here they point at a row of zeros); Viterbi's ``score[t][y]`` is ``max over y' of
(score[t-1][y'] + trans[y'][y])``, then ``+ emission[t][y]``; the first maximum wins,
over previous labels and over the final labels alike (``numpy.argmax``).
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["CRFModel", "ModelFormatError"]

_HEADER = struct.Struct("<4sI4s9I")
_CQDB_HEADER = struct.Struct("<4s5I")
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
# underthesea_core keeps a state weight only when |w| > 1e-10 (CRFModel::set_state_weight).
_MIN_STATE_WEIGHT = 1e-10


class ModelFormatError(ValueError):
    """A file that is not a crfsuite CRF model this reader understands."""


def _strings(buf: bytes, offset: int, count: int, path: Path, what: str) -> list[str]:
    """The strings of the CQDB at ``offset``, in id order, as underthesea_core numbers them."""
    try:
        magic, _size, _flag, _order, bwd_size, bwd_offset = _CQDB_HEADER.unpack_from(buf, offset)
    except struct.error as exc:
        raise ModelFormatError(f"{path}: truncated {what} table") from exc
    if magic != b"CQDB":
        raise ModelFormatError(f"{path}: no CQDB {what} table at offset {offset}")
    n = min(count, bwd_size)
    backward = np.frombuffer(buf, "<u4", n, offset + bwd_offset)
    ids: dict[str, int] = {}
    for entry in backward.tolist():
        if entry == 0:  # an empty slot: underthesea_core skips it
            continue
        start = offset + entry + 8
        (size,) = struct.unpack_from("<I", buf, offset + entry + 4)
        key = buf[start : start + size]
        nul = key.find(b"\0")
        text = (key if nul < 0 else key[:nul]).decode("utf-8", errors="replace")
        ids.setdefault(text, len(ids))
    return list(ids)


@dataclass(frozen=True, slots=True, eq=False)
class CRFModel:
    """A crfsuite model as arrays.

    ``state[a]`` holds attribute ``a``'s weight for every label (one extra row of
    zeros at the end, :attr:`miss`, stands for every attribute the model does not
    know); ``transitions[i, j]`` is the weight of label ``i`` followed by ``j``.
    Both arrays are read-only, so forked worker processes share their pages.
    """

    path: Path
    labels: tuple[str, ...]
    attributes: tuple[str, ...]
    state: np.ndarray
    transitions: np.ndarray

    @classmethod
    def load(cls, path: str | Path) -> CRFModel:
        """Read a crfsuite model file (see the module docstring for the format)."""
        path = Path(path)
        buf = path.read_bytes()
        try:
            header = _HEADER.unpack_from(buf, 0)
        except struct.error as exc:
            raise ModelFormatError(f"{path}: too short for a crfsuite model") from exc
        magic, _size, kind, _version, _nf, n_labels, n_attrs, off_feat, off_labels, off_attrs = (
            header[:10]
        )
        if magic != b"lCRF" or kind != b"FOMC":
            raise ModelFormatError(f"{path}: not a crfsuite CRF model (magic {magic!r} {kind!r})")
        labels = _strings(buf, off_labels, n_labels, path, "label")
        attributes = _strings(buf, off_attrs, n_attrs, path, "attribute")
        chunk, _chunk_size, count = struct.unpack_from("<4sII", buf, off_feat)
        if chunk != b"FEAT":
            raise ModelFormatError(f"{path}: no FEAT chunk at offset {off_feat}")
        if count == 0:
            count = header[4]
        try:
            features = np.frombuffer(buf, _FEATURE, count, off_feat + 12)
        except ValueError as exc:
            raise ModelFormatError(f"{path}: truncated feature table") from exc

        n_l, n_a = len(labels), len(attributes)
        state = np.zeros((n_a + 1, n_l))
        transitions = np.zeros((n_l, n_l))
        kinds = features["type"]
        src = features["src"].astype(np.intp)
        dst = features["dst"].astype(np.intp)
        weight = features["weight"]
        # Fancy assignment keeps the last of repeated (src, dst) pairs, as the loader does.
        keep = (kinds == 0) & (np.abs(weight) > _MIN_STATE_WEIGHT) & (src < n_a) & (dst < n_l)
        state[src[keep], dst[keep]] = weight[keep]
        keep = (kinds == 1) & (src < n_l) & (dst < n_l)
        transitions[src[keep], dst[keep]] = weight[keep]
        state.flags.writeable = False
        transitions.flags.writeable = False
        return cls(path, tuple(labels), tuple(attributes), state, transitions)

    @property
    def miss(self) -> int:
        """The row of :attr:`state` that scores an attribute the model does not know."""
        return len(self.attributes)

    def attribute_ids(self) -> dict[str, int]:
        """Attribute string → id (built on each call; callers keep what they need)."""
        return {a: i for i, a in enumerate(self.attributes)}

    def emissions(self, ids: np.ndarray) -> np.ndarray:
        """Per-token label scores, ``(n_tokens, n_labels)``, from attribute ids.

        ``ids`` is ``(n_features, n_tokens)``: row ``k`` holds every token's attribute
        for its ``k``-th feature, or :attr:`miss`. Rows are added one after the other,
        so each score is summed in feature order, as underthesea_core sums it.
        """
        state = self.state
        if ids.shape[1] <= _GATHER_TOKENS:
            # One gather and one reduction instead of a numpy call per feature: numpy
            # reduces over the first (outer, non-contiguous) axis element by element in
            # order, the same additions as the loop below (pairwise summation only ever
            # runs along the contiguous last axis).
            return np.add.reduce(state[ids], axis=0)
        # Each row's weights are gathered into one reused buffer: a fresh array per
        # feature (``scores += state[row]``) costs more in allocation than the sum.
        scores = state.take(ids[0], axis=0)
        rows = np.empty_like(scores)
        for row in ids[1:]:
            state.take(row, axis=0, out=rows)
            scores += rows
        return scores

    def decode(self, emissions: np.ndarray, lengths: Sequence[int]) -> np.ndarray:
        """The best label ids of consecutive sentences, all decoded at once.

        ``emissions`` holds the scores of the tokens of every sentence, one sentence
        after the other (``lengths`` tokens each); the result has one label id per
        token, in the same order.
        """
        n_tokens, n_labels = emissions.shape
        lengths_arr = np.asarray(lengths, dtype=np.intp)
        if n_tokens == 0:
            return np.zeros(0, dtype=np.intp)
        present = np.flatnonzero(lengths_arr)
        if len(present) == 1:
            # One sentence (a one-sentence call): the batch layout costs more than it saves.
            return self._decode_one(emissions)
        # Longest first, so the sentences still running at step t are a prefix.
        order = present[np.argsort(-lengths_arr[present], kind="stable")]
        sorted_lengths = lengths_arr[order]
        n_sent = len(order)
        n_max = int(sorted_lengths[0])
        starts = np.zeros(len(lengths_arr), dtype=np.intp)
        np.cumsum(lengths_arr[:-1], out=starts[1:])
        # Token (t of the sentence ranked r) ↔ flat index starts[order[r]] + t.
        rank_of = np.repeat(np.arange(n_sent), sorted_lengths)
        step_of = np.arange(len(rank_of)) - np.repeat(
            np.cumsum(sorted_lengths) - sorted_lengths, sorted_lengths
        )
        flat = starts[order][rank_of] + step_of
        # active[t]: how many sentences have a token at step t (a prefix of the ranks).
        active = n_sent - np.searchsorted(sorted_lengths[::-1], np.arange(n_max), side="right")
        # Step t's rows are kept at [base[t], base[t] + active[t]): one row per token, no
        # padding, however unequal the sentences.
        base = np.zeros(n_max + 1, dtype=np.intp)
        np.cumsum(active, out=base[1:])
        slot = base[step_of] + rank_of
        scores = np.empty((n_tokens, n_labels))
        scores[slot] = emissions[flat]

        # cand[r, j, i] = score of sentence r ending in label i at t-1, then i → j, laid
        # out so that the max over i runs along the contiguous last axis. Every call
        # writes into preallocated arrays: at a few microseconds a call, the number of
        # numpy calls per step is what a batch's decoding costs.
        trans_t = np.ascontiguousarray(self.transitions.T)
        back = np.zeros((n_tokens, n_labels), dtype=np.intp)
        back_flat = back.reshape(-1)
        rows = np.arange(n_sent * n_labels) * n_labels
        cand = np.empty((n_sent, n_labels, n_labels))
        cand_flat = cand.reshape(-1)
        where = np.empty(n_sent * n_labels, dtype=np.intp)
        below = scores[:, None, :]
        # Python ints: indexing numpy arrays per step would cost more than the slicing.
        active_at = active.tolist()
        base_at = base.tolist()
        for t in range(1, n_max):
            k = active_at[t]
            kl = k * n_labels
            prev, here = base_at[t - 1], base_at[t]
            step_cand = cand[:k]
            np.add(below[prev : prev + k], trans_t, out=step_cand)
            best = back[here : here + k]
            # argmax keeps the first maximum, as underthesea_core's strict ">" does.
            step_cand.argmax(axis=2, out=best)
            # The winning candidates' values: k × labels reads, not another pass over all.
            np.add(rows[:kl], best.reshape(-1), out=where[:kl])
            step = scores[here : here + k]
            np.add(cand_flat.take(where[:kl]).reshape(k, n_labels), step, out=step)

        last = scores[base[sorted_lengths - 1] + np.arange(n_sent)].argmax(axis=1)
        labels = np.zeros(n_tokens, dtype=np.intp)
        current = np.zeros(n_sent, dtype=np.intp)
        ranks = np.arange(n_sent) * n_labels
        for t in range(n_max - 1, -1, -1):
            k = active_at[t]
            k_next = active_at[t + 1] if t + 1 < n_max else 0
            if k != k_next:
                current[k_next:k] = last[k_next:k]  # sentences whose last token is at t
            here = base_at[t]
            labels[here : here + k] = current[:k]
            if t:
                current[:k] = back_flat.take(here * n_labels + ranks[:k] + current[:k])
        out = np.empty(n_tokens, dtype=np.intp)
        out[flat] = labels[slot]
        return out

    def _decode_one(self, emissions: np.ndarray) -> np.ndarray:
        """:meth:`decode` of a single sentence, with the same arithmetic and ties: in plain
        Python floats for a few labels (word segmentation has two), else one small numpy
        step per token."""
        n, n_labels = emissions.shape
        if n_labels <= _PYTHON_LABELS:
            path = _viterbi_python(emissions.tolist(), self.transitions.tolist())
            return np.array(path, dtype=np.intp)
        trans_t = np.ascontiguousarray(self.transitions.T)
        back = np.empty((n, n_labels), dtype=np.intp)
        cand = np.empty((n_labels, n_labels))
        cand_flat = cand.reshape(-1)
        rows = np.arange(n_labels) * n_labels
        where = np.empty(n_labels, dtype=np.intp)
        steps = list(emissions)
        score = steps[0]
        for t in range(1, n):
            # cand[j, i] = score[i] + trans[i, j]; the first maximum over i wins.
            np.add(score, trans_t, out=cand)
            best = cand.argmax(axis=1, out=back[t])
            np.add(rows, best, out=where)
            score = cand_flat.take(where) + steps[t]
        pointers = back.tolist()
        out = [0] * n
        k = int(score.argmax())
        for t in range(n - 1, 0, -1):
            out[t] = k
            k = pointers[t][k]
        out[0] = k
        return np.array(out, dtype=np.intp)


#: Up to this many tokens, emissions are summed from one gathered (features, tokens, labels)
#: array (a few MiB at most); longer batches add one feature row at a time.
_GATHER_TOKENS = 2048

#: Up to this many labels, one sentence is decoded in plain Python (numpy's per-call cost
#: exceeds the arithmetic).
_PYTHON_LABELS = 3


def _viterbi_python(emissions: list[list[float]], trans: list[list[float]]) -> list[int]:
    """Viterbi over lists of floats: ``score[y] = max over y' (score[y'] + trans[y'][y]) +
    emission[y]``, the first maximum winning (strict ``>``), as :meth:`CRFModel.decode`."""
    n_labels = len(trans)
    score = emissions[0]
    back = []
    for row in emissions[1:]:
        new = []
        pointers = []
        for j in range(n_labels):
            best_i = 0
            best = score[0] + trans[0][j]
            for i in range(1, n_labels):
                value = score[i] + trans[i][j]
                if value > best:
                    best, best_i = value, i
            new.append(best + row[j])
            pointers.append(best_i)
        score = new
        back.append(pointers)
    k = max(range(n_labels), key=score.__getitem__)  # the first maximum, as argmax
    out = [k]
    for pointers in reversed(back):
        k = pointers[k]
        out.append(k)
    out.reverse()
    return out
