"""Name templates per sector: how an invented organisation of each kind is called."""

from __future__ import annotations

from collections.abc import Callable

from coalitionlens.demo.names import NameMaker

__all__ = ["organisation_name"]

_Template = Callable[[NameMaker, str], str]


def _pick(m: NameMaker, *options: str) -> str:
    return m.rng.choice(options)


_BY_KIND: dict[str, tuple[_Template, ...]] = {
    "VICTIM_SERVICES": (
        lambda m, c: (
            f"{m.place()} {_pick(m, 'Women’s', 'Children’s', 'Youth', 'Family')} "
            f"{_pick(m, 'Shelter', 'Refuge', 'Safe House', 'Care Centre')} {_pick(m, 'Network', 'Trust', 'Society')}"
        ),
        lambda m, c: f"{m.place()} Survivor Care {_pick(m, 'Centre', 'Services', 'Collective')}",
        lambda m, c: f"House of {m.word()} Aftercare",
    ),
    "MOBILISATION_ADVOCACY": (
        lambda m, c: (
            f"{m.place()} {_pick(m, 'Rights', 'Justice', 'Dignity', 'Freedom')} "
            f"{_pick(m, 'Forum', 'Initiative', 'Campaign', 'Alliance')}"
        ),
        lambda m, c: (
            f"{c} {_pick(m, 'Migrant', 'Domestic Worker', 'Child Rights', 'Labour Rights')} Advocates"
        ),
    ),
    "COMMUNITY_BASED": (
        lambda m, c: (
            f"{m.place()} Community {_pick(m, 'Development Association', 'Watch Group', 'Self-Help Group', 'Youth Club')}"
        ),
        lambda m, c: (
            f"{m.word()} Village {_pick(m, 'Women’s Group', 'Outreach', 'Action Committee')}"
        ),
    ),
    "NETWORK_UMBRELLA": (
        lambda m, c: (
            f"{c} {_pick(m, 'NGO Council', 'Civil Society Platform', 'Federation of Child Agencies')}"
        ),
        lambda m, c: (
            f"{m.place()} Network of {_pick(m, 'Care Providers', 'Community Groups', 'Women’s Groups')}"
        ),
    ),
    "RESEARCH_NGO": (
        lambda m, c: (
            f"{m.place()} {_pick(m, 'Centre for Migration Studies', 'Policy Lab', 'Evidence Collective')}"
        ),
    ),
    "FAITH_BASED": (
        lambda m, c: (
            f"{m.place()} {_pick(m, 'Council of Churches', 'Methodist Mission', 'Catholic Women’s League', 'Baptist Outreach')}"
        ),
        lambda m, c: (
            f"St {m.word()} Parish {_pick(m, 'Outreach', 'Care Ministry', 'Youth Fellowship')}"
        ),
        lambda m, c: (
            f"{m.place()} {_pick(m, 'Muslim Women’s Association', 'Interfaith Council', 'Buddhist Relief Society', 'Gospel Mission')}"
        ),
    ),
    "SURVIVOR_LED": (
        lambda m, c: (
            f"{m.word()} {_pick(m, 'Survivors’ Voice', 'Survivor Leaders', 'Rising Survivors')} {_pick(m, 'Collective', 'Circle', 'Network')}"
        ),
    ),
    "TRADITIONAL_AUTHORITY": (
        lambda m, c: f"Council of Chiefs of {m.place()}",
        lambda m, c: (
            f"{m.word()} {_pick(m, 'Paramount Chieftaincy', 'Elders’ Council', 'Customary Court')}"
        ),
    ),
    "LABOUR_PROFESSIONAL": (
        lambda m, c: (
            f"{c} {_pick(m, 'Domestic Workers’ Union', 'Fishers’ Union', 'Seafarers’ Union', 'Garment Workers’ Federation', 'Construction Workers’ Union')}"
        ),
        lambda m, c: (
            f"{c} {_pick(m, 'Law Society', 'Nurses’ Association', 'Social Workers’ Association', 'Teachers’ Union')}"
        ),
    ),
    "ACADEMIA": (
        lambda m, c: f"University of {m.place()}",
        lambda m, c: (
            f"{m.place()} Institute of {_pick(m, 'Social Research', 'Criminology', 'Public Health', 'Labour Studies')}"
        ),
    ),
    "MEDIA": (
        lambda m, c: f"{m.place()} {_pick(m, 'Daily Courier', 'Herald', 'Evening Post', 'Weekly')}",
        lambda m, c: f"Radio {m.word()} {_pick(m, 'FM', 'Community Radio', 'Broadcasting')}",
    ),
    "EMPLOYER": (
        lambda m, c: (
            f"{m.place()} {_pick(m, 'Plantations', 'Fisheries', 'Construction', 'Mining Company', 'Agro Estates')} Ltd"
        ),
    ),
    "SUPPLY_CHAIN_BRAND": (
        lambda m, c: (
            f"{m.word()} {_pick(m, 'Garments', 'Seafood Exporters', 'Apparel Group', 'Footwear', 'Electronics Assembly')}"
        ),
    ),
    "FINANCIAL": (
        lambda m, c: (
            f"{m.word()} {_pick(m, 'Commercial Bank', 'Microfinance', 'Savings Cooperative', 'Money Transfer')}"
        ),
    ),
    "PROFESSIONAL_SERVICES": (
        lambda m, c: (
            f"{m.word()} & {m.word()} {_pick(m, 'Advocates', 'Chartered Accountants', 'Consulting')}"
        ),
    ),
    "TRANSPORT_HOSPITALITY": (
        lambda m, c: (
            f"{m.place()} {_pick(m, 'Hotels Group', 'Bus Lines', 'Shipping Line', 'Resorts', 'Air')}"
        ),
    ),
    "TECH": (lambda m, c: f"{m.word()} {_pick(m, 'Telecom', 'Digital', 'Mobile', 'Software')}",),
    "BUSINESS_ASSOCIATION": (
        lambda m, c: (
            f"{c} {_pick(m, 'Chamber of Commerce', 'Employers’ Federation', 'Garment Manufacturers’ Association', 'Tourism Council')}"
        ),
    ),
    "BUSINESS": (lambda m, c: f"{m.word()} {_pick(m, 'Trading', 'Holdings', 'Enterprises')}",),
    "EXECUTIVE_AGENCY": (
        lambda m, c: (
            f"{c} Ministry of {_pick(m, 'Social Welfare', 'Gender and Family', 'Interior', 'Foreign Affairs', 'Education', 'Health', 'Fisheries')}"
        ),
    ),
    "NATIONAL_ANTI_TRAFFICKING_BODY": (
        lambda m, c: (
            f"{c} {_pick(m, 'National Anti-Trafficking Committee', 'National Taskforce on Human Trafficking')}"
        ),
    ),
    "LOCAL_GOVERNMENT": (
        lambda m, c: (
            f"{m.place()} {_pick(m, 'District Council', 'Provincial Administration', 'Municipal Council')}"
        ),
    ),
    "LEGISLATURE": (
        lambda m, c: f"{c} Parliamentary Committee on {_pick(m, 'Human Rights', 'Social Affairs')}",
    ),
    "JUDICIARY": (
        lambda m, c: f"{c} {_pick(m, 'Judicial Training Institute', 'High Court Registry')}",
    ),
    "PROSECUTION": (lambda m, c: f"{c} Office of the Director of Public Prosecutions",),
    "LABOUR_INSPECTION": (lambda m, c: f"{c} Labour Inspectorate",),
    "IMMIGRATION_BORDER": (
        lambda m, c: f"{c} {_pick(m, 'Immigration Department', 'Border Management Agency')}",
    ),
    "GOVERNMENT": (
        lambda m, c: f"{c} {_pick(m, 'Office of the Ombudsperson', 'Statistics Office')}",
    ),
    "LAW_ENFORCEMENT": (
        lambda m, c: (
            f"{c} Police {_pick(m, 'Anti-Trafficking Unit', 'Child Protection Unit', 'Cybercrime Unit', 'Criminal Investigation Department')}"
        ),
        lambda m, c: (
            f"{m.place()} {_pick(m, 'Provincial Police Command', 'Harbour Police', 'Border Police Post')}"
        ),
    ),
    "DONOR_FOUNDATION": (
        lambda m, c: (
            f"{m.person()} {_pick(m, 'Family Foundation', 'Charitable Trust', 'Fund for Children')}"
        ),
    ),
    "DONOR_BILATERAL": (
        lambda m, c: f"Embassy of {m.word()}",
        lambda m, c: f"{m.word()} Agency for Development Cooperation",
    ),
    "DONOR_MULTILATERAL": (
        lambda m, c: (
            f"{_pick(m, 'Tri-Ocean', 'Southern Seas', 'Equatorial', 'Monsoon Rim')} {_pick(m, 'Development Fund', 'Solidarity Facility', 'Investment Bank')}"
        ),
    ),
    "INTERGOVERNMENTAL": (
        lambda m, c: (
            f"{_pick(m, 'Tri-Ocean', 'Southern Seas', 'Equatorial', 'Monsoon Rim')} Commission on {_pick(m, 'Labour Mobility', 'Child Protection', 'Migration and Displacement', 'Crime Prevention')}"
        ),
    ),
    "INTERNATIONAL_NGO": (
        lambda m, c: (
            f"{m.word()} {_pick(m, 'Lantern', 'Harbour', 'Compass', 'Beacon', 'Kinship')} {_pick(m, 'International', 'Global', 'Partners')}"
        ),
    ),
}


def organisation_name(maker: NameMaker, kind: str, country: str) -> str:
    """Invent a unique name for an organisation of ``kind`` (a sub-sector or sector code)."""
    templates = _BY_KIND[kind]
    return maker.unique(lambda: maker.rng.choice(templates)(maker, country))
