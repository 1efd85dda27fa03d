"""Writes a CSV of N payments due (fines) for the demo municipality, as an office would upload it.
Usage: make_csv.py N FILE"""
import random
import sys

count, path = int(sys.argv[1]), sys.argv[2]
random.seed(7)
letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
with open(path, "w", encoding="utf-8") as out:
    out.write("codice_fiscale;nominativo;importo;causale;scadenza;id_posizione\n")
    for n in range(count):
        # Fiscal codes of the demo's test people and made-up ones (the check letter is verified: use valid ones).
        code = random.choice(["RSSMRA85T10A562S", "BNCNNA90C55H501L", "VRDGPP50L01F205U", "SPSSFO01S62F839B"])
        amount = f"{random.randint(20, 500)},{random.randint(0, 99):02d}"
        out.write(f"{code};Contribuente {n};{amount};Sanzione al Codice della strada, verbale VB-{n};31/12/2099;VB-{n}\n")
