"""Word documents built in the test with python-docx, shaped like the ones ITU circulates."""
from __future__ import annotations

import io

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

PART_1 = "Safer play by design"
PART_2 = "Shared responsibility across the games ecosystem"
QUESTIONS_1 = (
    "Which in-game chat and friend-request defaults have reduced grooming risk?",
    "How should loot boxes and in-game purchases be limited for players under 18?",
    "What moderation approaches work in live voice chat?",
    "How do you measure whether a safety feature works?",
)
QUESTIONS_2 = (
    "What should app stores verify before a game reaches children?",
    "How can small studios access the safety tooling that large publishers build?",
    "Which signals should trigger cooperation with law enforcement?",
    "How can young players be heard when safety rules are written?",
)
SEGMENTS = (("Opening & Scene-Setting", 15), ("Industry Showcases", 45), ("Moderated Dialogue", 60))


def to_bytes(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def bold_paragraph(document, text: str):
    paragraph = document.add_paragraph()
    paragraph.add_run(text).bold = True
    return paragraph


def circular() -> bytes:
    """A whole circular: letter with numbered paragraphs, concept note, agenda table, annex."""
    d = docx.Document()
    d.add_paragraph("Telecommunication Development Bureau (BDT)")
    d.add_paragraph("Ref: BDT/DDR/CYB/DM/025                      Geneva, 1 October 2025")
    d.add_paragraph("To: ITU Member States, Sector Members, Academia and invited stakeholders")
    d.add_paragraph("Subject: Industry Connect #7 — Gaming and online safety, 30 October 2025")
    d.add_paragraph("Dear Sir/Madam,")
    d.add_paragraph("I have the pleasure to invite you to the seventh Industry Connect session on Child "
                    "Online Protection, held online on 30 October 2025 from 14:00 to 16:00 CET.", style="List Number")
    d.add_paragraph("The session is held under the Chatham House Rule. Interpretation will be provided "
                    "in English, French and Spanish.", style="List Number")
    d.add_paragraph("Please register by 20 October 2025 on the event page.", style="List Number")
    d.add_paragraph("Yours faithfully,")
    d.add_paragraph("Cosmas Luckyson Zavazava, Director")
    d.add_page_break()
    d.add_heading("Concept note", level=1)
    d.add_heading("Background", level=2)
    d.add_paragraph("Online games are social spaces: children chat, trade and spend money in them. "
                    "What keeps young players safe without shutting them out?")
    d.add_heading("Objectives", level=2)
    d.add_paragraph("Share effective safety-by-design practices", style="List Bullet")
    d.add_paragraph("Identify gaps in cooperation between industry and regulators", style="List Bullet")
    d.add_heading("Session structure", level=2)
    for title, minutes in SEGMENTS:
        d.add_paragraph(f"{title} ({minutes} minutes)", style="List Number")
    d.add_heading("Moderated dialogue", level=2)
    bold_paragraph(d, f"Part 1: {PART_1}")
    d.add_paragraph("Objective: Collect design practices that reduce contact and spending risks.")
    for q in QUESTIONS_1:
        d.add_paragraph(q, style="List Number")
    bold_paragraph(d, f"Part 2: {PART_2}")
    d.add_paragraph("Objective: Agree on who does what between studios, platforms and regulators.")
    for q in QUESTIONS_2:
        d.add_paragraph(q, style="List Number")
    d.add_heading("Agenda", level=1)
    table = d.add_table(rows=1, cols=3)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text, table.rows[0].cells[2].text = "Time (CET)", "Item", "Speakers"
    for when, item, who in (("14:00-14:05", "Welcome", "ITU"), ("14:05-14:15", "Keynote", "UNICEF"),
                            ("14:15-15:00", "Industry showcases", "Studios"), ("15:00-16:00", "Moderated dialogue", "All")):
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = when, item, who
    d.add_heading("Annex: practical information", level=1)
    d.add_paragraph("Connection details will be sent to registered participants.", style="List Number")
    return to_bytes(d)


def _numbering_with_format(document, fmt: str) -> str:
    """Add a numbering definition with the given numFmt; return its numId."""
    numbering = document.part.numbering_part.element
    abstract_id = str(90 + len(numbering.findall(qn("w:abstractNum"))))
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), abstract_id)
    lvl = OxmlElement("w:lvl")
    lvl.set(qn("w:ilvl"), "0")
    num_fmt = OxmlElement("w:numFmt")
    num_fmt.set(qn("w:val"), fmt)
    lvl.append(num_fmt)
    abstract.append(lvl)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num_id = str(100 + len(numbering.findall(qn("w:num"))))
    num.set(qn("w:numId"), num_id)
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), abstract_id)
    num.append(ref)
    numbering.append(num)
    return num_id


def list_paragraph(document, text: str, num_id: str):
    """A 'List Paragraph' with direct numbering (how Word stores a list typed by hand)."""
    styles = document.styles
    if "List Paragraph" not in [s.name for s in styles]:
        styles.add_style("List Paragraph", WD_STYLE_TYPE.PARAGRAPH)
    paragraph = document.add_paragraph(text, style="List Paragraph")
    p_pr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), "0")
    num = OxmlElement("w:numId")
    num.set(qn("w:val"), num_id)
    num_pr.append(ilvl)
    num_pr.append(num)
    p_pr.append(num_pr)
    return paragraph


def headings_and_list_paragraphs() -> bytes:
    """Word headings 'PART 1' + a title heading, lettered lists, and bullets that are not questions."""
    d = docx.Document()
    letters = _numbering_with_format(d, "lowerLetter")
    bullets = _numbering_with_format(d, "bullet")
    d.add_heading("PART 1", level=2)
    d.add_heading(PART_1, level=3)
    d.add_paragraph("Objective")
    d.add_paragraph("Collect design practices.")
    for q in QUESTIONS_1[:2]:
        list_paragraph(d, q, letters)
    list_paragraph(d, "Speakers: representatives of two studios", bullets)
    d.add_heading(f"Part 2 — {PART_2}", level=2)
    for q in QUESTIONS_2[:3]:
        list_paragraph(d, q, letters)
    return to_bytes(d)


def parts_in_table() -> bytes:
    """Parts laid out in a two-column table: Part | Guiding questions (one paragraph per question)."""
    d = docx.Document()
    d.add_heading("Guiding questions", level=2)
    table = d.add_table(rows=2, cols=2)
    for number, (row, (title, questions)) in enumerate(
        zip(table.rows, ((PART_1, QUESTIONS_1), (PART_2, QUESTIONS_2))), start=1
    ):
        row.cells[0].text = f"Part {number}: {title}"
        cell = row.cells[1]
        cell.text = questions[0]
        for q in questions[1:]:
            cell.add_paragraph(q, style="List Number")
    return to_bytes(d)
