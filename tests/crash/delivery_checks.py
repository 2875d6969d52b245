"""What the webhook received, held against what the host accepted: nothing accepted is lost,
a repeated delivery is the same event again, and an assessment's record.new comes before its
record.deleted."""

import collections
import dataclasses
import sys

from webhook_receiver import Delivery, WebhookReceiver

_SHOWN = 5  # examples given of each kind of violation


@dataclasses.dataclass
class Outcome:
    deliveries: int = 0
    distinct_events: int = 0
    duplicates: int = 0  # deliveries beyond the first of each eventId
    lost: int = 0  # accepted calls whose event never arrived
    violations: list[str] = dataclasses.field(default_factory=list)


def check(accepted_starts: list[str], accepted_cancels: list[str], deliveries: list[Delivery]) -> Outcome:
    """Checks `deliveries` (in arrival order) against the assessment ids of the starts and
    cancels the host accepted."""
    outcome = Outcome(deliveries=len(deliveries))
    first_of_event: dict[str, Delivery] = {}
    events_of = collections.defaultdict(set)  # (recordId, eventType) -> eventIds
    first_arrival: dict[tuple[str, str], int] = {}
    changed, unknown_types = [], []
    for delivery in deliveries:
        first = first_of_event.setdefault(delivery.event_id, delivery)
        if first is not delivery:
            outcome.duplicates += 1
            if first.body != delivery.body:
                changed.append(delivery.event_id)
        if delivery.event_type not in ("record.new", "record.deleted"):
            unknown_types.append(delivery.event_type)
        key = (delivery.record_id, delivery.event_type)
        events_of[key].add(delivery.event_id)
        first_arrival.setdefault(key, delivery.order)
    outcome.distinct_events = len(first_of_event)

    lost_starts = [record for record in accepted_starts if (record, "record.new") not in events_of]
    lost_cancels = [record for record in accepted_cancels if (record, "record.deleted") not in events_of]
    outcome.lost = len(lost_starts) + len(lost_cancels)
    twice = [f"{record} {kind}" for (record, kind), event_ids in events_of.items() if len(event_ids) > 1]
    out_of_order = [
        record for (record, kind), deleted_at in first_arrival.items()
        if kind == "record.deleted" and first_arrival.get((record, "record.new"), deleted_at + 1) > deleted_at
    ]
    repeated_ids = [record for record, count in collections.Counter(accepted_starts).items() if count > 1]

    _report(outcome, lost_starts, "accepted starts have no record.new delivered")
    _report(outcome, lost_cancels, "accepted cancels have no record.deleted delivered")
    _report(outcome, changed, "events were delivered again with different bytes")
    _report(outcome, twice, "assessments have more than one event of one type (a second eventId)")
    _report(outcome, out_of_order, "assessments had their record.deleted delivered before their first record.new")
    _report(outcome, unknown_types, "events have an unknown eventType")
    _report(outcome, repeated_ids, "assessment ids were returned by more than one start")
    return outcome


def other_violations(receiver: WebhookReceiver, counts: dict, outcome: Outcome) -> list[str]:
    """What is wrong beside the deliveries themselves: rejected requests, reused execution ids,
    and store counts ({"pending", "dead_lettered", "delivered"}) that disagree with what the
    webhook holds."""
    violations = [f"the webhook rejected a request: {rejection}" for rejection in receiver.snapshot()[1][:5]]
    if receiver.repeated_execution_ids:
        violations.append(f"{receiver.repeated_execution_ids} attempts reused an X-Knit-Execution-Id")
    if len(receiver.integration_ids) != 1:
        violations.append(f"the events name {len(receiver.integration_ids)} integrations, not 1")
    if counts.get("pending") != 0 or counts.get("dead_lettered") != 0:
        violations.append(f"the store ended with {counts}")
    if counts.get("delivered") != outcome.distinct_events:
        violations.append(f"the store counts {counts.get('delivered')} events delivered, "
                          f"the webhook {outcome.distinct_events}")
    return violations


def figures(outcome: Outcome, receiver: WebhookReceiver) -> str:
    """What a run's summary line says of its deliveries."""
    return (f"deliveries {outcome.deliveries}, distinct events {outcome.distinct_events}, "
            f"duplicates {outcome.duplicates}, refused {receiver.refused}, lost {outcome.lost}")


def verdict(test_name: str, violations: list[str]) -> int:
    """Prints each violation on stderr, after `test_name`; the exit status: 1 with any, else 0."""
    for violation in violations:
        print(f"{test_name}: {violation}", file=sys.stderr)
    return 1 if violations else 0


def _report(outcome: Outcome, examples: list[str], what: str) -> None:
    if examples:
        shown = ", ".join(examples[:_SHOWN]) + (", ..." if len(examples) > _SHOWN else "")
        outcome.violations.append(f"{len(examples)} {what}: {shown}")
