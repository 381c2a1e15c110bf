"""``cleanup batch`` on a real Dask cluster (two local worker processes) gives exactly what a
plain local run gives, for text files and JSON Lines, checking and fixing."""

from __future__ import annotations

import json
import shutil

import pytest

from .conftest import ROOT, data_path

pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    """A local Dask cluster with two single-threaded worker processes."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=40) as c:
        yield c


def _corpus(tmp_path):
    root = tmp_path / "corpus"
    (root / "wild").mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "spun-article.md", root / "spun-article.md")
    for name in ("spun_01.txt", "spun_02.txt", "clean_01.txt", "clean_02.txt"):
        shutil.copy(data_path("spun-wild-dev", name), root / "wild" / name)
    return root


def _records(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_batch_on_a_cluster_equals_a_local_run(run_cli, tmp_path, cluster):
    root = _corpus(tmp_path)
    on_dask = run_cli(["batch", "-r", str(root), "-o", "dask.jsonl",
                       "--scheduler", cluster.scheduler_address], cwd=tmp_path)
    assert on_dask.returncode == 0, on_dask.stderr
    local = run_cli(["batch", "-r", str(root), "-o", "local.jsonl", "--scheduler", "synchronous"],
                    cwd=tmp_path)
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    records = _records(tmp_path / "dask.jsonl")
    assert [r["path"] for r in records] == sorted(r["path"] for r in records)  # input order

    # ... and what `cleanup check` reports for the same files.
    check = run_cli(["check", "-r", "--format", "json", str(root)], cwd=tmp_path)
    report = json.loads(check.stdout)
    assert [f for r in records for f in r["findings"]] == report["findings"]
    assert {r["path"]: r["spin_score"] for r in records} == report["summary"]["spin_score"]
    by_name = {r["path"].rsplit("/", 1)[1]: r for r in records}
    assert by_name["spun_01.txt"]["spin_score"] > 0.5 > by_name["clean_01.txt"]["spin_score"]


def test_batch_with_its_own_local_cluster_fixes_files_like_fix(run_cli, tmp_path):
    root = _corpus(tmp_path)
    r = run_cli(["batch", "-r", "-j", "2", "--fix", str(root), "-o", "fixed"], cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert b"5 documents" in r.stderr
    for source in sorted(root.rglob("*.*")):
        expected = run_cli(["fix"], source.read_bytes()).stdout.decode("utf-8")
        repaired = tmp_path / "fixed" / source.relative_to(root)
        assert repaired.read_text(encoding="utf-8") == expected, source.name
    assert (root / "spun-article.md").read_text(encoding="utf-8") != \
        (tmp_path / "fixed" / "spun-article.md").read_text(encoding="utf-8")  # inputs untouched


def test_batch_reads_json_lines(run_cli, tmp_path, cluster):
    lines = [{"id": "a1", "body": "It is one in every of the best tools."},
             {"id": "a2", "body": "The river ran high after the rain."},
             {"id": "a3", "title": "no text field"}]
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    r = run_cli(["batch", str(corpus), "--text-field", "body", "--id-field", "id", "--fix",
                 "-o", "-", "--scheduler", cluster.scheduler_address], cwd=tmp_path)
    assert r.returncode == 2 and r.stderr.count(b"error:") == 1  # the record without a text
    records = [json.loads(x) for x in r.stdout.decode("utf-8").splitlines()]
    assert [x.get("id") for x in records] == ["a1", "a2", None]
    assert [x["record"] for x in records] == [1, 2, 3]
    assert records[0]["fixed"] == "It is one of the best tools."
    assert records[0]["findings"][0]["text"] == "one in every of"
    assert records[1]["findings"] == [] and records[1]["fixed"] == lines[1]["body"]
    assert "error" in records[2]


def test_batch_errors_are_one_line(run_cli, tmp_path):
    (tmp_path / "a.txt").write_text("It is one in every of them.\n", encoding="utf-8")
    for args in (["batch", "a.txt", "-o", "out-dir"],                   # a directory needs --fix
                 ["batch", "a.txt", "-o", "x.jsonl", "--scheduler", "tcp://127.0.0.1:9"],
                 ["batch", "-", "-o", "x.jsonl"]):
        r = run_cli(args, cwd=tmp_path)
        assert r.returncode == 2 and r.stderr.count(b"\n") == 1, (args, r.stderr)
    # Without Dask installed: a one-line hint, and --scheduler synchronous still works.
    fake = tmp_path / "no-dask"
    (fake / "dask").mkdir(parents=True)
    (fake / "dask" / "__init__.py").write_text("raise ImportError('no dask here')\n")
    env = {"PYTHONPATH": str(fake)}
    r = run_cli(["batch", "a.txt", "-o", "x.jsonl"], cwd=tmp_path, env=env)
    assert r.returncode == 2 and b"pip install 'cleanup-text[dask]'" in r.stderr
    r = run_cli(["batch", "a.txt", "-o", "x.jsonl", "--scheduler", "synchronous"], cwd=tmp_path,
                env=env)
    assert r.returncode == 0 and _records(tmp_path / "x.jsonl")[0]["findings"]
