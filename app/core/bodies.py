"""The bodies a campaign names (kept apart from core.campaign: the command line builds its
options from them on every start, and needs nothing else of a campaign then)."""

# What names a body of the state, by its place in a campaign: who awards, who receives the
# units' dossiers, where the Inspectorate sends its proposal, and the plan itself. Under a new
# legal regime these are asked for again, never copied (the district level ended on 01/07/2025).
BODY_FIELDS = {
    "award_title": "hình thức khen thưởng",
    "awarding_authority": "người quyết định khen thưởng",
    "recipients.proposal_to": "nơi nhận Tờ trình của đơn vị (Kính gửi)",
    "recipients.via": "cơ quan nhận hồ sơ của đơn vị",
    "recipients.inspectorate_to": "nơi cơ quan tổng hợp trình",
    "recipients.inspectorate_via": "cơ quan chuyển tờ trình tổng hợp",
    "plan_reference": "kế hoạch phát động",
    "awarding_body": "cơ quan ban hành Quyết định khen thưởng",
}
