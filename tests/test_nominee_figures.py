"""A person's figures are counted from the register the unit's figures read: one read of a
register of 100,000 petitions per dossier, package or Thành tích selection, not one per
nominee (each read also freed its objects at once, holding the interpreter: issue 5's stall)."""

from __future__ import annotations

from msgspec.structs import replace

from app.core.entities import CandidateKind
from app.services import figures
from app.services.dossier_data import candidate_facts
from app.store.campaigns import active_campaign_id, load_campaign
from app.store.candidates import load_candidates
from app.store.organisation import unit_organisation


def test_a_person_s_figures_come_from_the_unit_s_read_of_the_register(demo_store, monkeypatch):
    db = demo_store.db
    campaign_id = active_campaign_id(db)
    campaign = load_campaign(db, campaign_id)
    unit = unit_organisation(db).id
    person = next(c for c in load_candidates(db, campaign_id)
                  if c.kind is CandidateKind.INDIVIDUAL and c.name == "Lê Minh Châu")  # fmt: skip
    expected = candidate_facts(db, person, campaign, unit, campaign_id)
    reads = []
    loaded = figures.load_petitions
    monkeypatch.setattr(figures, "load_petitions", lambda *a: reads.append(a) or loaded(*a))
    assert candidate_facts(db, person, campaign, unit, campaign_id) == expected
    assert len(reads) == 1
    assert expected  # she handled cases: her own figures, not the unit's nor none
    whole = figures.unit_figures(db, unit, campaign_id, campaign)
    own = figures.unit_figures(db, unit, campaign_id, campaign, officer="Lê Minh Châu")
    assert own.figures != whole.figures
    counted = figures.nominee_figures(db, person, whole, unit, campaign_id, campaign)
    assert replace(counted, read=own.read) == own  # the same figures, from the unit's read
    assert counted.read.register is whole.read.register  # the unit's read, not a second one
