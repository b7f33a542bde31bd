import json

import pytest

from qtool.compile.devices import grid, heavy_hex, line, parse_device, ring
from qtool.errors import QtoolError


def test_line_ring_grid_numbering():
    assert line(4).edges == ((0, 1), (1, 2), (2, 3))
    assert ring(4).edges == ((0, 1), (0, 3), (1, 2), (2, 3))
    g = grid(2, 3)  # row-major: (r, c) -> r*3 + c
    assert g.n == 6
    assert set(g.edges) == {(0, 1), (1, 2), (3, 4), (4, 5), (0, 3), (1, 4), (2, 5)}


@pytest.mark.parametrize("d", [3, 5, 7])
def test_heavy_hex_size_and_degrees(d):
    dev = heavy_hex(d)
    assert dev.n == (5 * d * d - 2 * d - 1) // 2
    degrees = [len(dev.neighbours(q)) for q in range(dev.n)]
    assert max(degrees) == 3 and min(degrees) >= 1
    assert all(dist < 10 * dev.n for row in dev.distances() for dist in row)  # connected


@pytest.mark.parametrize("d", [3, 5])
def test_heavy_hex_is_ibms_lattice(d):
    rx = pytest.importorskip("rustworkx")
    dev = heavy_hex(d)
    g = rx.PyGraph()
    g.add_nodes_from(range(dev.n))
    g.add_edges_from_no_data(list(dev.edges))
    assert rx.is_isomorphic(g, rx.generators.heavy_hex_graph(d))


def test_parse_specs():
    assert parse_device("all").fully_connected
    assert parse_device("line:5").n == 5
    assert parse_device("ring:6").coupled(5, 0)
    assert parse_device("grid:3x4").n == 12
    assert parse_device("heavy-hex:3").n == 19


@pytest.mark.parametrize("spec", ["line:x", "grid:3", "heavy-hex:4", "torus:3", "line:0",
                                  "grid:0x3"])
def test_bad_specs(spec):
    with pytest.raises(QtoolError):
        parse_device(spec)


def test_json_file(tmp_path):
    f = tmp_path / "dev.json"
    f.write_text(json.dumps({"qubits": 4, "coupling": [[0, 1], [1, 2], [2, 1], [3, 2]]}))
    dev = parse_device(str(f))
    assert dev.n == 4 and dev.edges == ((0, 1), (1, 2), (2, 3))
    f.write_text("[[0, 1], [1, 2]]")
    assert parse_device(str(f)).n == 3


@pytest.mark.parametrize("text", ["{", '{"coupling": [[0]]}', '{"coupling": [[0, 0]]}',
                                  '{"qubits": 2, "coupling": [[0, 5]]}', '{"edges_x": 1}',
                                  '[["a", 1]]'])
def test_malformed_json_file(tmp_path, text):
    f = tmp_path / "dev.json"
    f.write_text(text)
    with pytest.raises(QtoolError, match="dev.json"):
        parse_device(str(f))
