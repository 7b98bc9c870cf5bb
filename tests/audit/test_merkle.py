"""RFC 6962 Merkle tree: roots, inclusion and consistency proofs, property-tested."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from zhijian.audit import merkle


def leaves(n: int) -> list[bytes]:
    return [hashlib.sha256(str(i).encode()).digest() for i in range(n)]


def test_known_vectors():
    # RFC 6962 leaf/node prefixes: empty tree is SHA-256(""), one leaf is SHA-256(0x00 || data).
    assert merkle.root_hash([]).hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert merkle.root_hash([b""]).hex() == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    # The certificate-transparency test vector for the 8 leaves of RFC 6962's reference tests.
    data = [bytes.fromhex(h) for h in ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                        "606162636465666768696a6b6c6d6e6f"]]
    assert merkle.root_hash(data).hex() == "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"


@given(st.integers(min_value=0, max_value=200))
def test_incremental_root_equals_recursive_definition(n):
    data = leaves(n)
    assert merkle.root_hash(data) == merkle.mth(data)


@settings(max_examples=300)
@given(st.data())
def test_inclusion_proof_verifies_for_every_index(data):
    n = data.draw(st.integers(min_value=1, max_value=200))
    index = data.draw(st.integers(min_value=0, max_value=n - 1))
    items = leaves(n)
    root = merkle.mth(items)
    path = merkle.inclusion_proof(index, items)
    assert merkle.verify_inclusion(index, n, merkle.leaf_hash(items[index]), path, root)
    # A changed leaf, a wrong index or a wrong size fails.
    assert not merkle.verify_inclusion(index, n, merkle.leaf_hash(b"forged"), path, root)
    if n > 1:
        assert not merkle.verify_inclusion((index + 1) % n, n, merkle.leaf_hash(items[index]), path, root)
    assert not merkle.verify_inclusion(index, n, merkle.leaf_hash(items[index]), path, merkle.mth(leaves(n + 1)))


@settings(max_examples=300)
@given(st.data())
def test_consistency_proof_verifies_between_any_sizes(data):
    n = data.draw(st.integers(min_value=1, max_value=200))
    m = data.draw(st.integers(min_value=1, max_value=n))
    items = leaves(n)
    old, new = merkle.mth(items[:m]), merkle.mth(items)
    proof = merkle.consistency_proof(m, items)
    assert merkle.verify_consistency(m, n, old, new, proof)
    if m < n:
        assert not merkle.verify_consistency(m, n, merkle.mth(leaves(m + 1)[1:]), new, proof)
        tampered = [*items[:m - 1], b"changed", *items[m:]]
        assert not merkle.verify_consistency(m, n, old, merkle.mth(tampered), proof)


def test_every_index_and_size_up_to_64_exhaustively():
    for n in range(1, 65):
        items = leaves(n)
        root = merkle.root_hash(items)
        for i in range(n):
            path = merkle.inclusion_proof(i, iter(items), size=n)
            assert merkle.verify_inclusion(i, n, merkle.leaf_hash(items[i]), path, root)


def test_tree_builder_restarts_from_peaks():
    items = leaves(37)
    first = merkle.TreeBuilder()
    for item in items[:21]:
        first.append(item)
    resumed = merkle.TreeBuilder(first.size, first.peaks)
    for item in items[21:]:
        resumed.append(item)
    assert resumed.root() == merkle.mth(items)


def test_merkle_is_pure_python_without_django():
    """An auditor can copy merkle.py alone: importing it must not pull in Django."""
    import subprocess
    import sys

    code = "import sys, zhijian.audit.merkle; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False, env={"PATH": ""}).returncode == 0
