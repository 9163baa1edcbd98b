import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

INSTANCE = {
    "slots": ["9:00", "9:30"],
    "tables": 1,
    "participants": [{"id": "ann"}, {"id": "bob"}, {"id": "cat", "available": ["9:30"]}],
    "requests": [{"a": "ann", "b": "bob", "weight": 2}, {"a": "cat", "b": "ann", "weight": 3}],
}


def run(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("solve_meetings", *args, stdout=out)
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def write(tmp_path: Path, data: Any, name: str = "instance.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_it_prints_the_timetable_as_json(tmp_path: Path) -> None:
    result = run(write(tmp_path, INSTANCE), "--time-limit", "5")
    assert sorted(result["meetings"], key=lambda m: m["slot"]) == [
        {"a": "ann", "b": "bob", "slot": "9:00", "table": 1},
        {"a": "cat", "b": "ann", "slot": "9:30", "table": 1},
    ]
    assert result["total_weight"] == 5
    assert result["upper_bound"] == pytest.approx(5)
    assert result["bound"] == "lp"
    assert result["seconds"] >= 0


def test_it_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(INSTANCE)))
    assert run("-")["total_weight"] == 5


def test_it_keeps_the_meetings_of_an_earlier_schedule(tmp_path: Path) -> None:
    earlier = {"meetings": [{"a": "ann", "b": "bob", "slot": "9:30", "table": 1}]}
    result = run(write(tmp_path, INSTANCE), "--keep", write(tmp_path, earlier, "earlier.json"))
    assert result["meetings"] == earlier["meetings"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", r"не правильный JSON \(строка 1, позиция 2\)"),
        ({**INSTANCE, "tables": 0}, "tables должно быть целым положительным числом, а указано 0"),
        ({**INSTANCE, "requests": [{"a": "ann", "b": "zed"}]}, "неизвестный участник 'zed'"),
        (
            {**INSTANCE, "requests": [{"a": "ann", "b": "bob"}, {"a": "bob", "b": "ann"}]},
            r"'bob' и 'ann' уже в паре в requests\[0\]",
        ),
    ],
)
def test_it_rejects_bad_input_with_exit_code_2(tmp_path: Path, content: Any, message: str) -> None:
    # In the site's language, as the other commands answer: the solver marks its messages.
    with pytest.raises(CommandError, match=message) as error:
        run(write(tmp_path, content))
    assert error.value.returncode == 2


def test_it_rejects_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="такого файла нет") as error:
        run(str(tmp_path / "missing.json"))
    assert error.value.returncode == 2


def test_it_rejects_a_non_positive_time_limit(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--time-limit должен быть положительным") as error:
        run(write(tmp_path, INSTANCE), "--time-limit", "0")
    assert error.value.returncode == 2
