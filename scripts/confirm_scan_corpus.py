#!/usr/bin/python3
"""Confirms the scanner corpus is what its MANIFEST.json says: every file is
loaded the way a user would load it (pickle.load until the stream ends,
torch.load, numpy.load(allow_pickle=True), joblib.load, h5py, onnx.load, a
Jinja chat template rendered) in a forked child under a PEP 578 audit hook.
The hook records and blocks what a payload would do (run a process, open a
socket, exec a string, write a file, read outside the model's folder), so:

  dangerous  the load triggered a blocked event, or the file holds the
             construct a loader runs (a Lambda layer, a Python operator, a
             file op in a graph: those loaders are not on this machine)
  clean      the load succeeded and triggered nothing
  malformed  the loader refuses the file
  finding    the file holds the described structure (a custom ONNX domain,
             an invalid safetensors or GGUF header)
  limit      the file loads (the scanner's bound is its own)

Prints one line per file and exits non-zero on any mismatch. Needs Debian's
python3 with python3-torch, -numpy, -joblib, -h5py, -onnx and -jinja2.
Run: /usr/bin/python3 scripts/confirm_scan_corpus.py [corpus_dir]
"""
import json, os, pickle, struct, sys, tarfile, tempfile, zipfile

CORPUS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "aispm", "scan", "testdata", "corpus")
CORPUS = os.path.abspath(CORPUS)

import numpy, torch, joblib, h5py, onnx, jinja2, jinja2.sandbox  # imported before any hook: their own imports are not events

BLOCKED = ("os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty", "subprocess.Popen",
           "pty.spawn", "socket.connect", "socket.getaddrinfo", "socket.bind", "webbrowser.open", "ctypes.dlopen",
           "urllib.Request", "os.remove", "os.rename", "shutil.rmtree", "shutil.copyfile", "os.truncate")

class Blocked(BaseException):
    pass

def scratch(path):
    """A loader's own scratch files live in other temp folders; a payload
    writes where it runs (the child's working folder)."""
    if isinstance(path, bytes):
        path = path.decode(errors="replace")
    if not isinstance(path, str):
        return False
    p = os.path.abspath(path)
    if p in ("/dev/null", tempfile.gettempdir()):
        return True
    return p.startswith(tempfile.gettempdir() + "/") and not p.startswith(os.getcwd() + "/")

def hook_factory(events, allowed_dirs):
    def hook(event, args):
        bad = None
        if event in ("shutil.rmtree", "os.remove", "os.rename") and args:
            target = args[0]
            fd = args[-1] if event != "shutil.rmtree" else args[1]
            if isinstance(fd, int) and fd >= 0 and isinstance(target, str):
                target = os.path.join(os.readlink(f"/proc/self/fd/{fd}"), target)
            if scratch(target):
                return  # a loader cleaning up its own temporary files
        if event in BLOCKED:
            bad = event
        elif event == "exec":
            # code run from a string (a module's own code has a file name;
            # Jinja runs the templates it compiles as "<template>")
            name = str(getattr(args[0], "co_filename", ""))
            if name.startswith("<") and name not in ("<template>",) and "frozen" not in name:
                bad = "exec " + name
        elif event == "open":
            path, mode, flags = args[0], args[1], args[2]
            if isinstance(path, (str, bytes)):
                p = os.path.abspath(path.decode() if isinstance(path, bytes) else path)
                writes = (mode and any(c in str(mode) for c in "wax+")) or (flags and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
                outside = not any(p.startswith(d) for d in allowed_dirs) and not p.startswith(("/usr/", "/proc/", "/sys/", "/etc/ld.so", "/dev/"))
                if (writes and not scratch(p)) or outside:
                    bad = "open " + p
        if bad:
            events.append(bad)
            raise Blocked(bad)
    return hook

def load_pickles(path, persistent=False):
    out = []
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        while f.tell() < size:
            u = pickle.Unpickler(f)
            if persistent:
                u.persistent_load = lambda pid: None
            out.append(u.load())
    return out

def walk_json(v, found):
    stack = [v]
    while stack:
        x = stack.pop()
        if isinstance(x, dict):
            cn = x.get("class_name")
            if cn in ("Lambda", "__lambda__") or (cn == "function" and x.get("module") not in (None, "keras", "keras.activations")) \
                    or (x.get("module") and not str(x.get("module")).startswith("keras")):
                found.append(f"keras {x.get('module', '')}.{cn}")
            stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)

def gguf_read(path):
    """A GGUF v2/v3 reader: (metadata dict, tensor records); raises on anything past the end."""
    data = open(path, "rb").read()
    pos = 0
    def take(n):
        nonlocal pos
        if n < 0 or pos + n > len(data):
            raise ValueError("read past the end")
        b = data[pos:pos + n]; pos += n; return b
    def u(fmt):
        return struct.unpack("<" + fmt, take(struct.calcsize(fmt)))[0]
    sizes = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q", 12: "d"}
    def val(t):
        if t in sizes:
            return u(sizes[t])
        if t == 8:
            return take(u("Q")).decode()
        if t == 9:
            et, n = u("I"), u("Q")
            if n > len(data):
                raise ValueError("array count past the end")
            return [val(et) for _ in range(n)]
        raise ValueError("unknown type")
    if take(4) != b"GGUF":
        raise ValueError("magic")
    version, nt, nkv = u("I"), u("Q"), u("Q")
    if nt > len(data) or nkv > len(data):
        raise ValueError("counts past the end")
    meta = {}
    for _ in range(nkv):
        key = take(u("Q")).decode(); meta[key] = val(u("I"))
    tensors = []
    for _ in range(nt):
        name = take(u("Q")).decode(); nd = u("I"); dims = [u("Q") for _ in range(nd)]; typ, off = u("I"), u("Q")
        tensors.append((name, dims, typ, off))
    align = meta.get("general.alignment", 32)
    start = (pos + align - 1) // align * align
    blocks = {0: (1, 4), 8: (32, 34)}
    for name, dims, typ, off in tensors:
        n = 1
        for d in dims:
            n *= d
        bs, ts = blocks.get(typ, (1, 1))
        if start + off + n // bs * ts > len(data):
            raise ValueError(f"tensor {name} past the end")
    return meta, tensors

def safetensors_check(path):
    data = open(path, "rb").read()
    n = struct.unpack("<Q", data[:8])[0]
    hdr = json.loads(data[8:8 + n])
    spans = sorted(tuple(v["data_offsets"]) for k, v in hdr.items() if k != "__metadata__")
    at = 0
    for s, e in spans:
        if s != at:
            raise ValueError("hole or overlap")
        at = e
    if at != len(data) - 8 - n:
        raise ValueError("incomplete")

def pb_fields(b):
    i, out = 0, []
    while i < len(b):
        tag, i = varint(b, i)
        num, wire = tag >> 3, tag & 7
        if wire == 0:
            v, i = varint(b, i); out.append((num, v))
        elif wire == 2:
            n, i = varint(b, i); out.append((num, b[i:i + n])); i += n
        else:
            raise ValueError("wire type")
    return out

def varint(b, i):
    v = s = 0
    while True:
        c = b[i]; i += 1; v |= (c & 0x7f) << s; s += 7
        if c < 0x80:
            return v, i

def tf_ops(path):
    ops = []
    def graph(g):
        for num, v in pb_fields(g):
            if num == 1:
                ops.extend(x.decode() for n, x in pb_fields(v) if n == 2)
            if num == 2:
                for _, fn in pb_fields(v):
                    for n, nd in pb_fields(fn):
                        if n == 3:
                            ops.extend(x.decode() for k, x in pb_fields(nd) if k == 2)
    for num, mg in pb_fields(open(path, "rb").read()):
        if num == 2:
            for n, g in pb_fields(mg):
                if n == 2:
                    graph(g)
    return ops

def run_loader(loader, path, tmp):
    """Loads path; returns structural findings (the events are recorded by the hook)."""
    found = []
    if loader.startswith("pickle_n:"):
        with open(path, "rb") as f:
            for _ in range(int(loader[9:])):
                pickle.load(f)
    elif loader == "pickle_persistent":
        u = pickle.Unpickler(open(path, "rb"))
        # ('storage', storage type, key, location, numel); protocol 0 writes its repr
        u.persistent_load = lambda pid: torch.FloatStorage(int(pid.rstrip(")").split(",")[-1])) if isinstance(pid, str) else pid[1](pid[4])
        import types
        sys.modules.setdefault("torch", torch)
        u.load()
    elif loader in ("pickle_all", "pickle_globals"):
        objs = load_pickles(path)
        if loader == "pickle_globals" and any(isinstance(o, dict) and "_os" in o for o in objs):
            found.append("reached a module's globals")
    elif loader in ("torch", "torch_stream"):
        torch.load(path)
    elif loader == "zip_pickles":
        with zipfile.ZipFile(path) as z:
            for n in z.namelist():
                if n.endswith(".pkl"):
                    u = pickle.Unpickler(z.open(n)); u.persistent_load = lambda pid: None; u.load()
    elif loader == "numpy":
        numpy.load(path, allow_pickle=True)
    elif loader.startswith("npz:"):
        numpy.load(path, allow_pickle=True)[loader[4:]]
    elif loader == "joblib":
        joblib.load(path)
    elif loader == "keras":
        with zipfile.ZipFile(path) as z:
            walk_json(json.loads(z.read("config.json")), found)
    elif loader == "json_in_file":
        data = open(path, "rb").read(); i = data.index(b"{")
        walk_json(json.JSONDecoder().raw_decode(data[i:].decode("latin1"))[0], found)
    elif loader == "h5":
        with h5py.File(path, "r") as f:
            cfg = f.attrs["model_config"]
            walk_json(json.loads(cfg.decode() if isinstance(cfg, bytes) else cfg), found)
    elif loader == "safetensors":
        safetensors_check(path)
    elif loader == "gguf":
        meta, _ = gguf_read(path)
        if "tokenizer.chat_template" in meta:
            jinja2.sandbox.ImmutableSandboxedEnvironment().from_string(meta["tokenizer.chat_template"]).render(messages=[{"role": "user", "content": "hi"}])
    elif loader == "gguf_template":
        meta, _ = gguf_read(path)
        jinja2.Environment().from_string(meta["tokenizer.chat_template"]).render(messages=[{"role": "user", "content": "hi"}])
    elif loader == "onnx":
        onnx.checker.check_model(onnx.load(path))
    elif loader == "onnx_structure":
        m = onnx.load(path)
        std = {"", "ai.onnx", "ai.onnx.ml"} | {f.domain for f in m.functions}
        found += [f"custom op {n.domain}.{n.op_type}" for n in m.graph.node if n.domain not in std]
    elif loader == "onnx_external":
        m = onnx.load(path, load_external_data=False)
        for t in m.graph.initializer:
            for e in t.external_data:
                if e.key == "location" and os.path.normpath(e.value).startswith(".."):
                    found.append(f"external data at {e.value}")
    elif loader == "tf_structure":
        unsafe = {"ReadFile", "WriteFile", "PyFunc", "EagerPyFunc", "MatchingFiles"}
        found += [f"op {op}" for op in tf_ops(path) if op in unsafe]
    elif loader.startswith("tar:"):
        _, member, inner = loader.split(":", 2)
        return run_loader(inner, os.path.join(tmp, member), tmp)  # extracted before the hook
    elif loader in ("safetensors_fails", "gguf_fails", "numpy_fails"):
        {"safetensors_fails": safetensors_check, "gguf_fails": gguf_read, "numpy_fails": lambda p: numpy.load(p)}[loader](path)
    else:
        raise SystemExit(f"unknown loader {loader}")
    return found

def confirm(entry):
    path = os.path.join(CORPUS, entry["file"])
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        tmp = tempfile.mkdtemp(prefix="aispm-confirm-")
        os.chdir(tmp)
        events, found, error = [], [], None
        os.environ["BROWSER"] = "true"  # webbrowser.open then runs a command: observable
        if entry["loader"].startswith("tar:"):
            with tarfile.open(path) as t:
                t.extract(entry["loader"].split(":")[1], tmp)
        sys.addaudithook(hook_factory(events, [CORPUS, tmp, tempfile.gettempdir()]))
        try:
            found = run_loader(entry["loader"], path, tmp)
        except Blocked:
            pass
        except BaseException as e:  # the loader refused the file
            error = f"{type(e).__name__}: {str(e)[:120]}"
        os.write(w, json.dumps({"events": events, "found": found, "error": error}).encode())
        os._exit(0)
    os.close(w)
    data = b""
    while chunk := os.read(r, 65536):
        data += chunk
    os.waitpid(pid, 0)
    return json.loads(data or b'{"events": [], "found": [], "error": "child died"}')

def verdict(entry, got):
    expect, ran, error = entry["expect"], got["events"] or got["found"], got["error"]
    if expect == "dangerous":
        return bool(ran), "ran: " + ", ".join(ran) if ran else f"nothing ran (error {error})"
    if expect in ("clean", "limit"):
        return not ran and not error, "loaded cleanly" if not ran and not error else f"events {ran} error {error}"
    if expect == "malformed":
        return bool(error) and not got["events"], f"refused: {error}" if error else "loaded"
    if expect == "finding":
        if entry["loader"].endswith("_fails"):
            return bool(error), f"refused: {error}" if error else "accepted"
        return bool(got["found"]), "holds " + ", ".join(got["found"]) if got["found"] else "structure not found"
    return False, "unknown expectation " + expect

def main():
    manifest = json.load(open(os.path.join(CORPUS, "MANIFEST.json")))
    bad = 0
    for entry in manifest:
        ok, why = verdict(entry, confirm(entry))
        bad += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {entry['expect']:9} {entry['file']}: {why}")
    print(f"{len(manifest) - bad} of {len(manifest)} files confirmed")
    sys.exit(1 if bad else 0)

if __name__ == "__main__":
    main()
