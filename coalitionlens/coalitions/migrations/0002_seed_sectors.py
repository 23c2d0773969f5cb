"""Seed the core sector taxonomy (DESIGN.md §4). Data frozen here as it stood when written; a test
checks it still equals coalitionlens.core.taxonomy."""

from django.db import migrations, models
from django.db.migrations.exceptions import IrreversibleError

SECTORS = [
    ("GOVERNMENT", "Government", "PUBLIC"),
    ("LAW_ENFORCEMENT", "Law enforcement", "PUBLIC"),
    ("CIVIL_SOCIETY", "Civil society organisation", "CIVIL"),
    ("FAITH_BASED", "Faith-based organisation", "CIVIL"),
    ("SURVIVOR_LED", "Survivor-led organisation", "CIVIL"),
    ("TRADITIONAL_AUTHORITY", "Traditional authority", "CIVIL"),
    ("LABOUR_PROFESSIONAL", "Labour union or professional body", "CIVIL"),
    ("ACADEMIA", "Academia", "CIVIL"),
    ("MEDIA", "Media", "PRIVATE"),
    ("BUSINESS", "Business", "PRIVATE"),
    ("DONOR_FOUNDATION", "Donor: private foundation", "CIVIL"),
    ("DONOR_BILATERAL", "Donor: bilateral aid agency or embassy", "PUBLIC"),
    ("DONOR_MULTILATERAL", "Donor: multilateral", "INTERNATIONAL"),
    ("INTERGOVERNMENTAL", "Intergovernmental or UN agency", "INTERNATIONAL"),
    ("INTERNATIONAL_NGO", "International NGO", "INTERNATIONAL"),
]
SUB_SECTORS = {
    "GOVERNMENT": [
        ("EXECUTIVE_AGENCY", "Executive agency"),
        ("NATIONAL_ANTI_TRAFFICKING_BODY", "National anti-trafficking body"),
        ("LOCAL_GOVERNMENT", "Local government"),
        ("LEGISLATURE", "Legislature"),
        ("JUDICIARY", "Judiciary"),
        ("PROSECUTION", "Prosecution"),
        ("LABOUR_INSPECTION", "Labour inspection"),
        ("IMMIGRATION_BORDER", "Immigration and border"),
    ],
    "CIVIL_SOCIETY": [
        ("VICTIM_SERVICES", "Victim services"),
        ("MOBILISATION_ADVOCACY", "Mobilisation and advocacy"),
        ("COMMUNITY_BASED", "Community-based organisation"),
        ("NETWORK_UMBRELLA", "Network or umbrella body"),
        ("RESEARCH_NGO", "Research NGO"),
    ],
    "BUSINESS": [
        ("EMPLOYER", "Employer"),
        ("SUPPLY_CHAIN_BRAND", "Supply chain or brand"),
        ("FINANCIAL", "Financial services"),
        ("PROFESSIONAL_SERVICES", "Professional services"),
        ("TRANSPORT_HOSPITALITY", "Transport and hospitality"),
        ("TECH", "Technology"),
        ("BUSINESS_ASSOCIATION", "Business association"),
    ],
}


def seed(apps, schema_editor):
    Sector = apps.get_model("coalitions", "Sector")
    by_code = {}
    for code, name, macro in SECTORS:
        by_code[code], _ = Sector.objects.get_or_create(
            code=code, coalition=None, defaults={"name": name, "macro_sector": macro, "is_core": True}
        )
    for parent_code, subs in SUB_SECTORS.items():
        parent = by_code[parent_code]
        for code, name in subs:
            Sector.objects.get_or_create(
                code=code, coalition=None,
                defaults={"name": name, "macro_sector": parent.macro_sector, "parent": parent, "is_core": True},
            )


def unseed(apps, schema_editor):
    """Remove the seeded sectors, unless something still uses them: then say so in one line and
    change nothing (an organisation's sector is protected, and so is a coalition's own sub-sector
    of a core sector)."""
    Sector = apps.get_model("coalitions", "Sector")
    Organisation = apps.get_model("coalitions", "Organisation")
    core = Sector.objects.filter(coalition=None)
    organisations = Organisation.objects.filter(
        models.Q(sector__in=core) | models.Q(subsector__in=core)
    ).count()
    own = Sector.objects.filter(coalition__isnull=False, parent__in=core).count()
    if organisations or own:
        raise IrreversibleError(
            "coalitions.0002_seed_sectors cannot be reversed while organisations use its sectors "
            f"({organisations} organisation{'s' if organisations != 1 else ''}, "
            f"{own} sub-sector{'s' if own != 1 else ''} of a coalition): delete them first"
        )
    core.filter(parent__isnull=False).delete()
    core.delete()


class Migration(migrations.Migration):
    dependencies = [("coalitions", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
