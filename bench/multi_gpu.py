"""Two GPUs: where an array's memory lives, and what reading it from the other GPU costs.

``python -m bench.multi_gpu [--gib 1] [--repeats 3] [--explicit-streams] [--json out.json]``
on a machine where MLX sees at least two CUDA GPUs. Each case runs in a fresh process: a
kernel reading memory its GPU cannot reach leaves a CUDA error that poisons the process, so
one failing case must not take the others with it.

What is read, and how:

- the bytes this process took from each GPU's CUDA memory pool (the driver's
  ``cuMemPoolGetAttribute``, exact and per process): MLX allocates a GPU result from the
  pool of the GPU whose stream computed it;
- the memory in use on each card (NVML, whole card, pool reservations included);
- whether an exported buffer is managed memory (``cuPointerGetAttribute`` on the DLPack
  pointer);
- the time of ``xp.max`` over a float32 array of ``--gib`` GiB, evaluated with
  ``xp.eval``, on the array's own GPU and from the other GPU, first and second read.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import statistics
import subprocess
import sys
import time

GiB = 2**30

# CUDA driver API enums (cuda.h)
_POOL_USED_MEM_CURRENT = 7  # CU_MEMPOOL_ATTR_USED_MEM_CURRENT
_POINTER_DEVICE_ORDINAL = 9  # CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL
_POINTER_IS_MANAGED = 8  # CU_POINTER_ATTRIBUTE_IS_MANAGED

_driver_lib = None


def _driver():
    """The CUDA driver library (present wherever there is an NVIDIA driver)."""
    global _driver_lib
    if _driver_lib is None:
        lib = ctypes.CDLL("libcuda.so.1")
        _check(lib.cuInit(0), "cuInit")
        _driver_lib = lib
    return _driver_lib


def _check(rc: int, what: str) -> None:
    if rc != 0:
        raise RuntimeError(f"{what} failed with CUDA driver error {rc}")


def _cu_device(ordinal: int) -> ctypes.c_int:
    dev = ctypes.c_int()
    _check(_driver().cuDeviceGet(ctypes.byref(dev), ordinal), "cuDeviceGet")
    return dev


def pool_used(ordinal: int) -> int:
    """Bytes this process has allocated from GPU ``ordinal``'s default CUDA memory pool."""
    lib = _driver()
    pool = ctypes.c_void_p()
    _check(lib.cuDeviceGetDefaultMemPool(ctypes.byref(pool), _cu_device(ordinal)),
           "cuDeviceGetDefaultMemPool")  # fmt: skip
    used = ctypes.c_uint64()
    _check(lib.cuMemPoolGetAttribute(pool, _POOL_USED_MEM_CURRENT, ctypes.byref(used)),
           "cuMemPoolGetAttribute")  # fmt: skip
    return used.value


def pools_settled(count: int = 2, timeout: float = 5.0) -> list[int]:
    """``pool_used`` of GPUs 0..count-1 once two readings 50 ms apart agree (frees are
    asynchronous: MLX returns pool memory with ``cudaFreeAsync``)."""
    last = [pool_used(i) for i in range(count)]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.05)
        now = [pool_used(i) for i in range(count)]
        if now == last:
            break
        last = now
    return last


def pointer_info(ptr: int) -> dict:
    """Whether ``ptr`` is CUDA managed memory, and the GPU it belongs to otherwise."""
    lib = _driver()
    managed = ctypes.c_uint32(0)
    _check(lib.cuPointerGetAttribute(ctypes.byref(managed), _POINTER_IS_MANAGED,
                                     ctypes.c_uint64(ptr)), "cuPointerGetAttribute")  # fmt: skip
    ordinal = ctypes.c_int(-1)
    lib.cuPointerGetAttribute(ctypes.byref(ordinal), _POINTER_DEVICE_ORDINAL,
                              ctypes.c_uint64(ptr))  # fmt: skip
    return {"managed": bool(managed.value & 0xFF), "device_ordinal": ordinal.value}


def _pci_bus_id(ordinal: int) -> str:
    buf = ctypes.create_string_buffer(32)
    _check(_driver().cuDeviceGetPCIBusId(buf, 32, _cu_device(ordinal)), "cuDeviceGetPCIBusId")
    return buf.value.decode().lower()


def card_used(ordinal: int) -> int | None:
    """Bytes in use on the card of CUDA device ``ordinal`` (all processes; NVML), or None
    where NVML is missing. Cards are matched by PCI bus id, not by index."""
    try:
        import pynvml
    except ImportError:
        return None
    pynvml.nvmlInit()
    want = _pci_bus_id(ordinal).split(":", 1)[-1]  # bus:device.function
    for i in range(pynvml.nvmlDeviceGetCount()):
        h = pynvml.nvmlDeviceGetHandleByIndex(i)
        bus = pynvml.nvmlDeviceGetPciInfo(h).busId
        bus = (bus.decode() if isinstance(bus, bytes) else bus).lower()
        if bus.endswith(want):
            return int(pynvml.nvmlDeviceGetMemoryInfo(h).used)
    return None


def capsule_pointer(capsule) -> int:
    """The data pointer of a DLPack capsule (DLManagedTensor(Versioned))."""
    from array_api_mlx import _dlpack

    name = _dlpack._get_name(capsule)
    base = _dlpack._get_pointer(capsule, name)
    offset = 0 if name == b"dltensor" else 8 + 8 + 8 + 8  # versioned: header first
    return ctypes.c_void_p.from_address(base + offset).value


# --- the cases, each run in its own process ------------------------------------------------
def explicit_streams(mx) -> None:
    """Make a stream created for GPU i the default stream of ``mx.Device(mx.gpu, i)`` in
    this thread. MLX 0.32's own default stream of any GPU is made with ``new_stream(type)``,
    that is on GPU 0, so ``stream=mx.Device(mx.gpu, 1)`` runs on GPU 0 without this."""
    for i in range(1, mx.device_count(mx.gpu)):
        mx.set_default_stream(mx.new_stream(mx.Device(mx.gpu, i)))


def _setup():
    import mlx.core as mx

    import array_api_mlx as xp
    from array_api_mlx import _devices

    mx.set_memory_limit(16 * GiB)
    if os.environ.get("MULTI_GPU_EXPLICIT_STREAMS") == "1":
        explicit_streams(mx)
    if len(_devices.GPUS) < 2:
        raise SystemExit(f"needs two GPUs visible to MLX; found {len(_devices.GPUS)}")
    g0, g1 = _devices.GPUS[:2]
    for d in (g0, g1, xp.cpu):  # compile the kernels outside the timings
        xp.eval(xp.max(xp.full((1024,), 3.0, dtype=xp.float32, device=d)))
    return mx, xp, g0, g1


def _timed(fn, xp) -> tuple[float, object]:
    t0 = time.perf_counter()
    y = fn()
    xp.eval(y)
    return time.perf_counter() - t0, y


def _snapshot():
    return {"pool": pools_settled(), "card": [card_used(0), card_used(1)]}


def _delta(a, b):
    return {k: [None if x is None or y is None else y - x for x, y in zip(a[k], b[k])]
            for k in a}  # fmt: skip


def case_placement(n, repeats):
    """Create on each GPU, then export (DLPack): where the bytes are at each step."""
    mx, xp, g0, g1 = _setup()
    out = {}
    for d in (g0, g1):
        mx.clear_cache()
        time.sleep(0.2)
        s0 = _snapshot()
        x = xp.full((n,), 3.0, dtype=xp.float32, device=d)
        xp.eval(x)
        s1 = _snapshot()
        t0 = time.perf_counter()
        capsule = x.__dlpack__()
        t_export = time.perf_counter() - t0
        info = pointer_info(capsule_pointer(capsule))
        time.sleep(0.2)
        s2 = _snapshot()
        out[f"gpu{d.index}"] = {
            "created": _delta(s0, s1),
            "exported": _delta(s1, s2),
            "export_s": t_export,
            "exported_pointer": info,
        }
        del x, capsule
    return out


def case_local(n, repeats):
    """Baseline: xp.max on the GPU that computed the array (its own memory pool)."""
    mx, xp, g0, g1 = _setup()
    out = {}
    for d in (g0, g1):
        x = xp.full((n,), 3.0, dtype=xp.float32, device=d)
        xp.eval(x)
        times = [_timed(lambda x=x: xp.max(x), xp)[0] for _ in range(repeats)]
        out[f"gpu{d.index}"] = {"read_s": statistics.median(times)}
        del x
        mx.clear_cache()
    return out


def _cross(n, repeats, prepare):
    """Read an array made on gpu0 from gpu1, twice, after ``prepare(x)``."""
    mx, xp, g0, g1 = _setup()
    firsts, seconds, deltas, ok = [], [], [], True
    for _ in range(repeats):
        mx.clear_cache()
        time.sleep(0.2)
        x = xp.full((n,), 3.0, dtype=xp.float32, device=g0)
        prepare(x, xp)
        s0 = _snapshot()
        t1, y1 = _timed(lambda x=x: xp.max(x.to_device(g1)), xp)
        s1 = _snapshot()
        t2, y2 = _timed(lambda x=x: xp.max(x.to_device(g1)), xp)
        ok = ok and float(y1) == 3.0 and float(y2) == 3.0 and y1.device is g1
        firsts.append(t1)
        seconds.append(t2)
        deltas.append(_delta(s0, s1))
        del x, y1, y2
    return {"first_read_s": statistics.median(firsts), "second_read_s": statistics.median(seconds),
            "values_ok": ok, "first_read_memory": deltas[-1]}  # fmt: skip


def case_cross_lazy(n, repeats):
    """Made and read in one evaluation: MLX moves the buffer to managed memory itself."""
    return _cross(n, repeats, lambda x, xp: None)


def case_cross_evaluated(n, repeats):
    """Evaluated on gpu0 first (in gpu0's memory pool), then read on gpu1."""
    return _cross(n, repeats, lambda x, xp: xp.eval(x))


def case_cross_exported(n, repeats):
    """Evaluated and exported on gpu0 first (managed memory), then read on gpu1."""
    return _cross(n, repeats, lambda x, xp: (xp.eval(x), x.__dlpack__()))


def case_lazy_baseline(n, repeats):
    """Made and read in one evaluation on one GPU (the baseline of case_cross_lazy)."""
    mx, xp, g0, g1 = _setup()
    times = []
    for _ in range(repeats):
        mx.clear_cache()
        t, _ = _timed(lambda: xp.max(xp.full((n,), 3.0, dtype=xp.float32, device=g0)), xp)
        times.append(t)
    return {"made_and_read_s": statistics.median(times)}


def case_to_cpu(n, repeats):
    """A GPU result read on the CPU (to_device(cpu)), twice."""
    mx, xp, g0, g1 = _setup()
    x = xp.full((n,), 3.0, dtype=xp.float32, device=g1)
    xp.eval(x)
    t1, y1 = _timed(lambda: xp.max(x.to_device(xp.cpu)), xp)
    t2, y2 = _timed(lambda: xp.max(x.to_device(xp.cpu)), xp)
    return {"first_read_s": t1, "second_read_s": t2,
            "values_ok": float(y1) == 3.0 and float(y2) == 3.0}  # fmt: skip


CASES = {
    "placement": case_placement,
    "local": case_local,
    "lazy_baseline": case_lazy_baseline,
    "cross_lazy": case_cross_lazy,
    "cross_exported": case_cross_exported,
    "to_cpu": case_to_cpu,
    "cross_evaluated": case_cross_evaluated,
}


def _run_case(name, gib, repeats, timeout):
    cmd = [sys.executable, "-m", "bench.multi_gpu", "--case", name, "--gib", str(gib),
           "--repeats", str(repeats)]  # fmt: skip
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              check=False)  # fmt: skip
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout} s"}
    wall = time.perf_counter() - t0
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {"error": f"exit status {proc.returncode}", "stderr": proc.stderr[-1500:],
                "wall_s": wall}  # fmt: skip
    return {**json.loads(lines[-1]), "wall_s": wall}


def summary(results: dict, gib: float) -> str:
    """Per-GiB figures from the raw results."""
    lines = []

    def per_gib(s):
        return f"{s / gib * 1e3:.2f} ms/GiB ({gib / s:.0f} GiB/s)"

    for name, r in results["cases"].items():
        if "error" in r:
            lines.append(f"{name}: FAILED {r['error']}: {r.get('stderr', '')[-300:]}")
    local = results["cases"].get("local", {})
    for g in ("gpu0", "gpu1"):
        if g in local:
            lines.append(f"local read on {g}: {per_gib(local[g]['read_s'])}")
    for name in ("cross_lazy", "cross_evaluated", "cross_exported", "to_cpu"):
        r = results["cases"].get(name, {})
        if "first_read_s" in r:
            lines.append(f"{name}: first read {per_gib(r['first_read_s'])}, second "
                         f"{per_gib(r['second_read_s'])}, values ok: {r['values_ok']}")  # fmt: skip
    base = results["cases"].get("lazy_baseline", {})
    if "made_and_read_s" in base:
        lines.append(f"made and read on gpu0 in one evaluation: {per_gib(base['made_and_read_s'])}")
    for g, r in results["cases"].get("placement", {}).items():
        if isinstance(r, dict) and "created" in r:
            lines.append(f"placement {g}: created {r['created']}, exported {r['exported']} "
                         f"in {per_gib(r['export_s'])}, pointer {r['exported_pointer']}")  # fmt: skip
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--gib", type=float, default=1.0, help="array size in GiB")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--case", choices=sorted(CASES), help="run one case here (internal)")
    p.add_argument("--timeout", type=int, default=90, help="seconds per case")
    p.add_argument("--json", help="write the results here")
    p.add_argument("--explicit-streams", action="store_true",
                   help="give each GPU a stream made for it (see explicit_streams)")
    args = p.parse_args(argv)
    if args.explicit_streams:
        os.environ["MULTI_GPU_EXPLICIT_STREAMS"] = "1"  # read by the case processes
    n = int(args.gib * GiB) // 4
    if args.case:
        print(json.dumps(CASES[args.case](n, args.repeats)))
        return 0
    import mlx.core as mx

    from bench._machine import gpu_name

    count = mx.device_count(mx.gpu) if mx.is_available(mx.gpu) else 0
    if count < 2:
        print(f"needs two GPUs visible to MLX; found {count}", file=sys.stderr)
        return 2
    results = {"gpu": gpu_name(), "gib": args.gib, "repeats": args.repeats,
               "explicit_streams": args.explicit_streams, "cases": {}}  # fmt: skip
    for name in CASES:
        results["cases"][name] = _run_case(name, args.gib, args.repeats, args.timeout)
        print(name, json.dumps(results["cases"][name]), flush=True)
        results["summary"] = summary(results, args.gib)
        if args.json:  # after every case: a later one may hang its GPU
            with open(args.json, "w") as f:
                json.dump(results, f, indent=1)
    print(results["summary"])
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
