"""Seed the core sector taxonomy (DESIGN.md §4). Data frozen here as it stood when written; a test
checks it still equals coalitionlens.core.taxonomy."""

from django.db import migrations

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
    Sector = apps.get_model("coalitions", "Sector")
    Sector.objects.filter(coalition=None, parent__isnull=False).delete()
    Sector.objects.filter(coalition=None).delete()


class Migration(migrations.Migration):
    dependencies = [("coalitions", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
