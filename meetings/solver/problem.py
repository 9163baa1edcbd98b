"""The instance in integer indices, shared by the search and the linear programs."""

from dataclasses import dataclass

from meetings.solver.instance import Instance

# Totals within this of a bound count as reaching it (weights are sums of input numbers).
BOUND_TOLERANCE = 1e-6


@dataclass
class Problem:
    """The instance in integer indices, which is what the algorithms work on."""

    instance: Instance
    tables: int
    n_slots: int
    ends: list[tuple[int, int]]  # participant indices of each request
    weights: list[float]
    options: list[list[int]]  # slots where both people are free, in slot order
    option_sets: list[frozenset[int]]
    request_of_pair: dict[frozenset[str], int]

    @classmethod
    def of(cls, instance: Instance) -> "Problem":
        slot_index = {slot: k for k, slot in enumerate(instance.slots)}
        person_index = {p.id: i for i, p in enumerate(instance.participants)}
        free = [{slot_index[s] for s in p.available} for p in instance.participants]
        ends, options = [], []
        for req in instance.requests:
            a, b = person_index[req.a], person_index[req.b]
            ends.append((a, b))
            options.append(sorted(free[a] & free[b]))
        return cls(
            instance=instance,
            tables=instance.tables,
            n_slots=len(instance.slots),
            ends=ends,
            weights=[req.weight for req in instance.requests],
            options=options,
            option_sets=[frozenset(opts) for opts in options],
            request_of_pair={frozenset((r.a, r.b)): j for j, r in enumerate(instance.requests)},
        )

    @property
    def n_people(self) -> int:
        return len(self.instance.participants)
