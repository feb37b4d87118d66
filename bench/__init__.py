"""Benchmarks: how thin is the layer over MLX?

``python -m bench`` measures, in one run on one machine:

- dispatch: the per-call cost of small operations (size 1 and 1000) in raw ``mlx.core``,
  ``array_api_mlx``, NumPy and ``array_api_strict`` (and ``array_api_compat.torch`` when
  PyTorch is installed), without evaluation (pure dispatch) and with ``mx.eval``;
- throughput: the same operations on large arrays (2**24 elements), evaluated, raw MLX
  against ``array_api_mlx``;
- workloads: scikit-learn estimators with ``array_api_dispatch=True`` and a k-means loop
  written against the namespace, NumPy against ``array_api_mlx`` on each device.

``python -m bench --help`` lists the options; the results are in ``bench/RESULTS.md``.
"""
