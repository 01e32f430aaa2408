#!/usr/bin/env python3
"""Fixtures and known answers for PoTHashing (docs/hashing.md), independent of the Swift code.

Writes small model files with the upstream writers (gguf-py's GGUFWriter, the safetensors
package), reads them back with gguf-py's GGUFReader / plain json+struct, and recomputes every
root with hashlib following docs/hashing.md. The Swift tests compare against expected.json.

    python3 -m venv /tmp/v && /tmp/v/bin/pip install gguf safetensors numpy
    /tmp/v/bin/python scripts/vectors/hashing_vectors.py Tests/PoTHashingTests/Fixtures [MODEL.gguf]

With MODEL.gguf (the SmolLM2 test model), its root at the default chunk size is added too.
"""
import hashlib, json, os, struct, sys

import numpy as np

# --- the reference construction (docs/hashing.md) -----------------------------------------
H = lambda b: hashlib.sha256(b).digest()
u32 = lambda n: struct.pack("<I", n)
u64 = lambda n: struct.pack("<Q", n)
s = lambda t: u64(len(t.encode())) + t.encode()

def mth(leaves):  # RFC 6962 Merkle tree hash over leaf hashes
    if not leaves:
        return H(b"")
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return H(b"\x01" + mth(leaves[:k]) + mth(leaves[k:]))

def audit_path(m, leaves):  # RFC 9162 PATH(m, D[n])
    if len(leaves) <= 1:
        return []
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    if m < k:
        return audit_path(m, leaves[:k]) + [mth(leaves[k:])]
    return audit_path(m - k, leaves[k:]) + [mth(leaves[:k])]

def tensor_root(data, chunk):
    return mth([H(b"\x00" + data[i:i + chunk]) for i in range(0, len(data), chunk)])

def entry_leaf(t):
    return H(b"\x00" + s(t["name"]) + s(t["dtype"]) + u32(len(t["shape"])) + b"".join(u64(d) for d in t["shape"])
             + u64(t["byte_length"]) + bytes.fromhex(t["root"]))

def model(fmt, chunk, metadata, tensors):  # metadata: {key: leaf preimage after 0x00}
    tensors = sorted(tensors, key=lambda t: t["name"].encode())
    meta_root = mth([H(b"\x00" + metadata[k]) for k in sorted(metadata, key=str.encode)])
    tensors_root = mth([entry_leaf(t) for t in tensors])
    root = H(b"\x02" + s("pot-model-v1") + s(fmt) + u64(chunk) + u64(len(metadata)) + meta_root
             + u64(len(tensors)) + tensors_root)
    return {"chunk_size": chunk, "format": fmt, "model_root": root.hex(), "metadata_root": meta_root.hex(),
            "metadata_count": len(metadata), "tensors_root": tensors_root.hex(), "tensors": tensors}

# --- reading files (upstream readers, not the toolkit's parsers) --------------------------
SPLIT_KEYS = {"split.no", "split.count", "split.tensors.count"}

def gguf_model(paths, chunk):
    from gguf import GGUFReader
    metadata, tensors = {}, []
    for path in paths:
        reader, raw = GGUFReader(path), open(path, "rb").read()
        for key, field in reader.fields.items():
            if key.startswith("GGUF.") or key in SPLIT_KEYS:  # GGUF.* are the reader's header fields
                continue
            metadata[key] = b"".join(p.tobytes() for p in field.parts)
        for t in reader.tensors:
            data = raw[t.data_offset:t.data_offset + t.n_bytes]
            tensors.append({"name": t.name, "dtype": t.tensor_type.name.lower().replace("_k", "_K"),
                            "shape": [int(d) for d in t.shape], "byte_length": len(data), "root": tensor_root(data, chunk).hex()})
    return model("gguf", chunk, metadata, tensors)

def safetensors_model(paths, chunk):
    metadata, tensors = {}, []
    for path in paths:
        raw = open(path, "rb").read()
        n = struct.unpack("<Q", raw[:8])[0]
        header, buffer = json.loads(raw[8:8 + n]), raw[8 + n:]
        for key, value in header.pop("__metadata__", {}).items():
            metadata[key] = s(key) + u32(8) + s(value)
        for name, info in header.items():
            begin, end = info["data_offsets"]
            tensors.append({"name": name, "dtype": info["dtype"], "shape": info["shape"], "byte_length": end - begin,
                            "root": tensor_root(buffer[begin:end], chunk).hex()})
    return model("safetensors", chunk, metadata, tensors)

def opaque_model(path, chunk):
    data = open(path, "rb").read()
    return model("opaque", chunk, {}, [{"name": "data", "dtype": "u8", "shape": [len(data)], "byte_length": len(data),
                                        "root": tensor_root(data, chunk).hex()}])

# --- fixtures ---------------------------------------------------------------------------------
def pattern(n, seed):
    return bytes((i * 31 + seed) % 251 for i in range(n))

def write_gguf(path, alignment=None, split_max_tensors=0):
    from gguf import GGUFWriter, GGMLQuantizationType
    w = GGUFWriter(path, "llama", split_max_tensors=split_max_tensors)
    if alignment:
        w.add_custom_alignment(alignment)
    w.add_name("pot hashing fixture")
    w.add_uint8("fixture.u8", 200); w.add_int8("fixture.i8", -5)
    w.add_uint16("fixture.u16", 60000); w.add_int16("fixture.i16", -300)
    w.add_uint32("fixture.u32", 4000000000); w.add_int32("fixture.i32", -70000)
    w.add_float32("fixture.f32", 1.5); w.add_bool("fixture.bool", True)
    w.add_uint64("fixture.u64", 2**63 + 1); w.add_int64("fixture.i64", -2**40); w.add_float64("fixture.f64", -0.25)
    w.add_string("fixture.utf8", "héllo ∑ 🙂")
    w.add_array("fixture.ints", [1, 2, 3]); w.add_array("fixture.words", ["a", "bc", ""])
    w.add_tensor("blk.0.ffn.weight", np.frombuffer(pattern(2000, 1), dtype=np.float32).reshape(10, 50))
    w.add_tensor("blk.0.norm", np.frombuffer(pattern(60, 2), dtype=np.float32).reshape(3, 5))
    w.add_tensor("blk.1.half", np.frombuffer(pattern(66, 3), dtype=np.float16))
    w.add_tensor("blk.1.q8", np.frombuffer(pattern(136, 4), dtype=np.uint8).reshape(2, 68), raw_dtype=GGMLQuantizationType.Q8_0)
    w.add_tensor("output.ids", np.frombuffer(pattern(16, 5), dtype=np.int32))
    w.write_header_to_file(); w.write_kv_data_to_file(); w.write_tensors_to_file(); w.close()

def st_tensors():
    return {
        "embed.weight": np.frombuffer(pattern(400, 6), dtype=np.float32).reshape(10, 10),
        "layer.0.bias": np.frombuffer(pattern(66, 7), dtype=np.float16),
        "layer.0.ids": np.frombuffer(pattern(32, 8), dtype=np.int64).reshape(2, 2),
        "layer.1.bytes": np.frombuffer(pattern(100, 9), dtype=np.uint8),
        "layer.1.mask": np.array([True, False, True, True, False, False, True]),
        "layer.1.empty": np.zeros((0, 3), dtype=np.float32),
    }

ST_META = {"format": "np", "note": "pot hashing fixture"}

def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    j = lambda name: os.path.join(out, name)
    from safetensors.numpy import save_file

    write_gguf(j("tiny.gguf"), alignment=64)
    write_gguf(j("whole.gguf"))
    write_gguf(j("split.gguf"), split_max_tensors=2)  # writes split-0000N-of-00003.gguf
    splits = [j(f"split-{i:05d}-of-00003.gguf") for i in (1, 2, 3)]
    tensors = st_tensors()
    save_file(tensors, j("tiny.safetensors"), metadata=ST_META)
    names = sorted(tensors)
    shards = {"model-00001-of-00002.safetensors": names[:3], "model-00002-of-00002.safetensors": names[3:]}
    for shard, members in shards.items():
        save_file({n: tensors[n] for n in members}, j(shard), metadata=ST_META)
    with open(j("model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": sum(t.nbytes for t in tensors.values())},
                   "weight_map": {n: shard for shard, members in shards.items() for n in members}}, f, indent=2)
    with open(j("opaque.bin"), "wb") as f:
        f.write(pattern(200, 10))

    vectors = {"tree": [], "audit": [], "models": {}}
    for length in (0, 1, 63, 64, 65, 128, 192, 320, 448, 512, 576, 1000):
        vectors["tree"].append({"chunk_size": 64, "length": length, "seed": 11,
                                "root": tensor_root(pattern(length, 11), 64).hex()})
    for n in range(1, 10):
        leaves = [H(b"\x00" + str(i).encode()) for i in range(n)]
        for i in range(n):
            vectors["audit"].append({"count": n, "index": i, "root": mth(leaves).hex(),
                                     "path": [p.hex() for p in audit_path(i, leaves)]})
    for chunk in (64, 1 << 20):
        vectors["models"][f"tiny.gguf@{chunk}"] = gguf_model([j("tiny.gguf")], chunk)
        vectors["models"][f"whole.gguf@{chunk}"] = gguf_model([j("whole.gguf")], chunk)
        vectors["models"][f"split-00001-of-00003.gguf@{chunk}"] = gguf_model(splits, chunk)
        vectors["models"][f"tiny.safetensors@{chunk}"] = safetensors_model([j("tiny.safetensors")], chunk)
        vectors["models"][f"model.safetensors.index.json@{chunk}"] = safetensors_model([j(s) for s in shards], chunk)
        vectors["models"][f"opaque.bin@{chunk}"] = opaque_model(j("opaque.bin"), chunk)
    if len(sys.argv) > 2:
        m = gguf_model([sys.argv[2]], 1 << 20)
        vectors["smollm2"] = {k: m[k] for k in ("chunk_size", "model_root", "metadata_root", "metadata_count", "tensors_root")}
        vectors["smollm2"]["tensor_count"] = len(m["tensors"])
    with open(j("expected.json"), "w") as f:
        json.dump(vectors, f, indent=1, sort_keys=True)
        f.write("\n")

if __name__ == "__main__":
    main()
