"""Open Badges 3.0 credentials for attestations de compétences.

No maintained Python library signs OB 3.0 credentials simply (a Data Integrity proof needs RDF
canonicalisation and key management), so the credential is a plain JSON-LD document whose SHA-256
over its canonical JSON is stored at issue time; the public verification page recomputes it on an
uploaded file. Anyone holding the file can check it against the issuer's site.
"""

import json
import uuid

from .snapshot import canonical_json, sha256_of

OB_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def build_credential(content: dict, *, site_url: str) -> dict:
    """Derived from the frozen content only: the same certificate always gives the same bytes."""
    url = content["verification_url"]
    course = content["course"]
    organisation = content["organisation"]
    results = [
        {
            "type": ["Result"],
            "resultDescription": f"urn:tremplin:skill:{skill['code'] or skill['name']}",
            "value": skill["level_label"],
        }
        for skill in content["skills"]
    ]
    return {
        "@context": OB_CONTEXT,
        "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{content['kind_label']} – {course['title']}",
        "issuer": {
            "id": site_url + "/",
            "type": ["Profile"],
            "name": organisation["name"],
            "identifier": [
                {
                    "type": "IdentifierEntry",
                    "identifierType": "identifier",
                    "identifier": f"SIRET {organisation['siret']}",
                }
            ],
        },
        "validFrom": f"{content['issued_on']}T00:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": content["learner"]["full_name"],
                }
            ],
            "achievement": {
                "id": f"{site_url}/verifier/{content['code']}/#achievement",
                "type": ["Achievement"],
                "name": course["title"],
                "description": "; ".join(course["objectives"]) or course["title"],
                "criteria": {
                    "narrative": "Compétences validées par un formateur sur une réalisation "
                    "en atelier : "
                    + ", ".join(f"{s['name']} ({s['level_label']})" for s in content["skills"])
                },
                "resultDescription": [
                    {
                        "id": f"urn:tremplin:skill:{skill['code'] or skill['name']}",
                        "type": ["ResultDescription"],
                        "name": skill["name"],
                        "resultType": "RubricCriterionLevel",
                    }
                    for skill in content["skills"]
                ],
            },
            "result": results,
        },
        "evidence": [{"id": url, "type": ["Evidence"], "name": f"Vérification {content['number']}"}],
    }


def credential_hash(credential: dict) -> str:
    return sha256_of(credential)


def credential_bytes(credential: dict) -> bytes:
    return canonical_json(credential)


def check_uploaded(raw: bytes, *, expected_sha256: str) -> bool:
    """True when the uploaded JSON is, field for field, the credential that was issued."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return False
    return bool(expected_sha256) and sha256_of(data) == expected_sha256
