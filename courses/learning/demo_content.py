"""Content of the discovery workshop's five modules, in easy-to-read French (FALC): short
sentences, one idea per line, familiar words. Used by the demo seed."""

SAFETY_RULES = [
    "Je porte des chaussures fermées.",
    "J'attache mes cheveux longs.",
    "Je n'ai ni écharpe ni bijou qui pend.",
    "Je sais où est l'arrêt d'urgence.",
    "Je sais où sont l'extincteur et la trousse de secours.",
    "Je demande avant d'utiliser une machine.",
]

LASER_CHECKS = [
    "L'aspiration des fumées est allumée.",
    "Ma matière est autorisée (bois, carton, acrylique).",
    "La mise au point est faite (hauteur de la lentille).",
    "Le capot est fermé.",
    "Je reste à côté de la machine jusqu'à la fin.",
]

PROJECT_CHECKS = [
    "J'ai un dessin de mon objet, même sur papier.",
    "Je connais la taille de mon objet (en centimètres).",
    "J'ai choisi ma matière avec le fab manager.",
    "Mon fichier est sur ma clé USB.",
]


def q(question, answers, explanation, multiple=False):
    return {
        "question": question,
        "multiple": multiple,
        "answers": [{"text": text, "correct": correct} for text, correct in answers],
        "explanation": explanation,
    }


LASER_QUIZ = {
    "title": "Quiz : découpe laser, niveau 1",
    "questions": [
        q(
            "Pendant une découpe, je peux quitter la machine ?",
            [
                ("Non. Je reste à côté de la machine jusqu'à la fin.", True),
                ("Oui, si la découpe est longue.", False),
                ("Oui, si le capot est fermé.", False),
            ],
            "Le laser peut faire du feu. Je reste à côté pour arrêter la machine tout de suite.",
        ),
        q(
            "Quelles matières sont interdites dans la découpeuse laser ?",
            [
                ("Le PVC", True),
                ("Le simili-cuir", True),
                ("Le contreplaqué de peuplier", False),
                ("Le carton", False),
            ],
            "Le PVC et le simili-cuir font une fumée toxique quand on les brûle. "
            "Le bois, le carton et l'acrylique sont autorisés.",
            multiple=True,
        ),
        q(
            "Une petite flamme apparaît sur la plaque. Que faire d'abord ?",
            [
                ("J'arrête la découpe avec le bouton pause.", True),
                ("J'ouvre le capot pour souffler dessus.", False),
                ("Je verse de l'eau sur la machine.", False),
            ],
            "J'arrête d'abord la machine. Sans laser, la flamme s'éteint souvent seule. "
            "Si le feu continue, j'appelle le fab manager. Jamais d'eau sur une machine électrique.",
        ),
        q(
            "Qu'est-ce que je vérifie avant de lancer une découpe ?",
            [
                ("L'aspiration des fumées est allumée.", True),
                ("La mise au point est faite.", True),
                ("Le capot est fermé.", True),
                ("Mon téléphone est chargé.", False),
            ],
            "L'aspiration enlève les fumées. La mise au point donne une découpe nette. "
            "Le capot fermé protège les yeux.",
            multiple=True,
        ),
        q(
            "Dans notre fab lab, que veut dire un trait rouge très fin dans le fichier ?",
            [
                ("La machine découpe.", True),
                ("La machine grave.", False),
                ("La machine ne fait rien.", False),
            ],
            "Chez nous : trait rouge fin = découpe. Noir rempli = gravure. "
            "L'affiche à côté de la machine le rappelle.",
        ),
    ],
}

PRINT_QUIZ = {
    "title": "Quiz : impression 3D, niveau 1",
    "questions": [
        q(
            "La buse de l'imprimante 3D est chaude. À quelle température, environ ?",
            [("Autour de 200 °C", True), ("Autour de 40 °C", False), ("Autour de 1 000 °C", False)],
            "La buse fait fondre le plastique, vers 200 °C. Je ne la touche jamais. "
            "Elle reste chaude plusieurs minutes après l'impression.",
        ),
        q(
            "Quel fichier j'envoie à l'imprimante ?",
            [
                ("Un fichier G-code, préparé avec le trancheur.", True),
                ("Le fichier STL, directement.", False),
                ("Une photo de l'objet.", False),
            ],
            "Le STL, c'est la forme de l'objet. Le trancheur (Cura, PrusaSlicer) le coupe en couches. "
            "Il fait le G-code : les instructions pour la machine.",
        ),
        q(
            "Que faire avant de lancer l'impression ?",
            [
                ("Nettoyer le plateau.", True),
                ("Vérifier qu'il reste assez de filament.", True),
                ("Mettre de l'huile sur la buse.", False),
            ],
            "Un plateau propre aide la pièce à bien coller. "
            "Sans assez de filament, l'impression s'arrête au milieu.",
            multiple=True,
        ),
        q(
            "La première couche ne colle pas au plateau. Que faire ?",
            [
                ("J'arrête l'impression et j'appelle le fab manager.", True),
                ("Je laisse continuer, ça va s'arranger.", False),
                ("J'appuie sur la pièce avec le doigt.", False),
            ],
            "Si la première couche ne colle pas, toute la pièce va rater. "
            "On arrête, on nettoie, on règle, on relance.",
        ),
    ],
}

# Five modules: (title, inline programme module it backs or None, access, lessons).
# A lesson: (title, summary, blocks); blocks are built in demo.py (images and files need objects).
MODULES = [
    (
        "Sécurité au fab lab",
        "Sécurité au fab lab",
        "public",
        "Les règles pour travailler sans se blesser. À lire avant la première séance.",
    ),
    (
        "Dessin vectoriel",
        "Dessin vectoriel",
        "learners",
        "Dessiner son objet sur l'ordinateur, avec Inkscape.",
    ),
    (
        "Découpe laser",
        "Découpe laser",
        "learners",
        "Comprendre la machine, lancer une découpe, réussir le quiz de l'habilitation.",
    ),
    (
        "Impression 3D",
        None,
        "learners",
        "Comprendre l'imprimante 3D et préparer une impression.",
    ),
    (
        "Fabriquer son objet",
        "Fabriquer son objet",
        "learners",
        "De l'idée à l'objet fini : votre projet, étape par étape.",
    ),
]

KEYRING_SVG = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="60mm" height="30mm" viewBox="0 0 60 30">
  <!-- Gabarit de porte-clés : rouge = découpe, noir = gravure -->
  <rect x="1" y="1" width="58" height="28" rx="6" fill="none" stroke="#ff0000" stroke-width="0.01"/>
  <circle cx="8" cy="15" r="2.5" fill="none" stroke="#ff0000" stroke-width="0.01"/>
  <text x="34" y="19" font-family="sans-serif" font-size="9" text-anchor="middle" fill="#000000">PRÉNOM</text>
</svg>
"""

CUBE_STL = """solid cube_calibration_20mm
facet normal 0 0 -1
 outer loop
  vertex 0 0 0
  vertex 20 20 0
  vertex 20 0 0
 endloop
endfacet
facet normal 0 0 -1
 outer loop
  vertex 0 0 0
  vertex 0 20 0
  vertex 20 20 0
 endloop
endfacet
facet normal 0 0 1
 outer loop
  vertex 0 0 20
  vertex 20 0 20
  vertex 20 20 20
 endloop
endfacet
facet normal 0 0 1
 outer loop
  vertex 0 0 20
  vertex 20 20 20
  vertex 0 20 20
 endloop
endfacet
facet normal 0 -1 0
 outer loop
  vertex 0 0 0
  vertex 20 0 0
  vertex 20 0 20
 endloop
endfacet
facet normal 0 -1 0
 outer loop
  vertex 0 0 0
  vertex 20 0 20
  vertex 0 0 20
 endloop
endfacet
facet normal 0 1 0
 outer loop
  vertex 0 20 0
  vertex 20 20 20
  vertex 20 20 0
 endloop
endfacet
facet normal 0 1 0
 outer loop
  vertex 0 20 0
  vertex 0 20 20
  vertex 20 20 20
 endloop
endfacet
facet normal -1 0 0
 outer loop
  vertex 0 0 0
  vertex 0 0 20
  vertex 0 20 20
 endloop
endfacet
facet normal -1 0 0
 outer loop
  vertex 0 0 0
  vertex 0 20 20
  vertex 0 20 0
 endloop
endfacet
facet normal 1 0 0
 outer loop
  vertex 20 0 0
  vertex 20 20 0
  vertex 20 20 20
 endloop
endfacet
facet normal 1 0 0
 outer loop
  vertex 20 0 0
  vertex 20 20 20
  vertex 20 0 20
 endloop
endfacet
endsolid cube_calibration_20mm
"""

CUBE_GCODE = """; Cube de calibration 20 mm - PLA, buse 0,4 mm, couche 0,2 mm
; Préparé pour l'imprimante du fab lab. Ne pas modifier les températures.
M140 S60 ; plateau à 60 °C
M104 S205 ; buse à 205 °C
G28 ; retour à l'origine
M190 S60
M109 S205
G92 E0
G1 Z0.2 F1200
G1 X10 Y10 F3000
G1 X30 Y10 E1.0 F1200
G1 X30 Y30 E2.0
G1 X10 Y30 E3.0
G1 X10 Y10 E4.0
; ... couches suivantes générées par le trancheur ...
M104 S0
M140 S0
G28 X0
M84
"""
