"""Pays the positions of make_csv.py through the receipts endpoint (POST /pagopa/paSendRT, as the pagoPA node does)
and writes the day's reconciliation flow (FlussoRiversamento) for them, with known mismatches.

Usage: receipts.py BASE_URL NODE_KEY CSV FLOW_XML [SEGREGATION_CODE] [FIRST_SEQUENCE]

The positions of a fresh demo database take the sequence numbers 1, 2, 3 ... in the order of the file's lines
(segregation code 01), so each notice number is known without asking the server. Every position is paid except
the last MISSING ones; the flow lists every paid one plus the MISSING unpaid ones (receipt missing), AMOUNT_OFF
with a wrong amount and UNKNOWN IUVs nobody issued. Prints the expected totals as JSON on the last line."""
import concurrent.futures
import datetime as dt
import json
import sys
import time

import requests

MISSING, AMOUNT_OFF, UNKNOWN = 10, 10, 10
CREDITOR = "00085240950"  # the demo municipality


def notice(segregation: int, sequence: int) -> str:
    first16 = f"3{segregation:02d}{sequence:013d}"
    return first16 + f"{int(first16) % 93:02d}"


def cents(text: str) -> int:
    euros, decimals = text.split(",")
    return int(euros) * 100 + int(decimals)


def wire(amount: int) -> str:
    return f"{amount // 100}.{amount % 100:02d}"


def envelope(number: str, amount: int, fiscal_code: str, name: str, index: int, now: str, today: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:pafn="http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd">
<soapenv:Header/><soapenv:Body><pafn:paSendRTReq>
<idPA>{CREDITOR}</idPA><idBrokerPA>{CREDITOR}</idBrokerPA><idStation>{CREDITOR}_01</idStation>
<receipt><receiptId>BENCH-{index:08d}</receiptId><noticeNumber>{number}</noticeNumber><fiscalCode>{CREDITOR}</fiscalCode>
<outcome>OK</outcome><creditorReferenceId>{number[1:]}</creditorReferenceId><paymentAmount>{wire(amount)}</paymentAmount>
<description>Sanzione</description><companyName>Comune di Esempio</companyName>
<debtor><uniqueIdentifier><entityUniqueIdentifierType>F</entityUniqueIdentifierType>
<entityUniqueIdentifierValue>{fiscal_code}</entityUniqueIdentifierValue></uniqueIdentifier><fullName>{name}</fullName></debtor>
<transferList><transfer><idTransfer>1</idTransfer><transferAmount>{wire(amount)}</transferAmount><fiscalCodePA>{CREDITOR}</fiscalCodePA>
<IBAN>IT60X0542811101000000123456</IBAN><remittanceInformation>Sanzione</remittanceInformation>
<transferCategory>9/0101100IM/</transferCategory></transfer></transferList>
<idPSP>BENCHPSP</idPSP><PSPCompanyName>PSP di prova</PSPCompanyName><idChannel>BENCHPSP_01</idChannel>
<channelDescription>app</channelDescription><paymentMethod>CP</paymentMethod>
<paymentDateTime>{now}</paymentDateTime><applicationDate>{today}</applicationDate><transferDate>{today}</transferDate>
</receipt></pafn:paSendRTReq></soapenv:Body></soapenv:Envelope>"""


def main() -> None:
    base, key, csv_path, flow_path = sys.argv[1:5]
    segregation = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    first = int(sys.argv[6]) if len(sys.argv) > 6 else 1
    rows = [line.rstrip("\n").split(";") for line in open(csv_path, encoding="utf-8")][1:]
    positions = [(notice(segregation, first + i), cents(row[2]), row[0], row[1]) for i, row in enumerate(rows)]
    paid, unpaid = positions[:-MISSING], positions[-MISSING:]
    now = dt.datetime.now().replace(microsecond=0).isoformat()
    today = dt.date.today().isoformat()
    session = requests.Session()
    headers = {"Ocp-Apim-Subscription-Key": key, "Content-Type": "text/xml; charset=utf-8"}

    def pay(item):
        index, (number, amount, fiscal_code, name) = item
        answer = session.post(f"{base}/pagopa/paSendRT", headers=headers,
                              data=envelope(number, amount, fiscal_code, name, index, now, today).encode())
        if answer.status_code != 200 or "<outcome>OK</outcome>" not in answer.text:
            raise SystemExit(f"receipt {index} refused: {answer.status_code} {answer.text[:300]}")

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        list(pool.map(pay, enumerate(paid)))
    receipts_seconds = time.monotonic() - started

    lines = []
    for i, (number, amount, _, _) in enumerate(paid):
        lines.append((number[1:], f"IUR{i:08d}", amount + (100 if i < AMOUNT_OFF else 0)))
    for i, (number, amount, _, _) in enumerate(unpaid):
        lines.append((number[1:], f"IURM{i:07d}", amount))
    for i in range(UNKNOWN):
        lines.append((notice(segregation, 9_000_000_000 + i)[1:], f"IURU{i:07d}", 1_000))
    total = sum(amount for _, _, amount in lines)
    body = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<FlussoRiversamento xmlns="http://www.digitpa.gov.it/schemas/2011/Pagamenti/">',
        "<versioneOggetto>1.0</versioneOggetto>",
        f"<identificativoFlusso>{today}BENCHPSP-S0001</identificativoFlusso>",
        f"<dataOraFlusso>{now}</dataOraFlusso>",
        "<identificativoUnivocoRegolamento>IURBENCH0001</identificativoUnivocoRegolamento>",
        f"<dataRegolamento>{today}</dataRegolamento>",
        "<istitutoMittente><identificativoUnivocoMittente><tipoIdentificativoUnivoco>B</tipoIdentificativoUnivoco>"
        "<codiceIdentificativoUnivoco>BENCHPSP</codiceIdentificativoUnivoco></identificativoUnivocoMittente></istitutoMittente>",
        "<istitutoRicevente><identificativoUnivocoRicevente><tipoIdentificativoUnivoco>G</tipoIdentificativoUnivoco>"
        f"<codiceIdentificativoUnivoco>{CREDITOR}</codiceIdentificativoUnivoco></identificativoUnivocoRicevente></istitutoRicevente>",
        f"<numeroTotalePagamenti>{len(lines)}</numeroTotalePagamenti>",
        f"<importoTotalePagamenti>{wire(total)}</importoTotalePagamenti>",
    ]
    for iuv, iur, amount in lines:
        body.append(
            f"<datiSingoliPagamenti><identificativoUnivocoVersamento>{iuv}</identificativoUnivocoVersamento>"
            f"<identificativoUnivocoRiscossione>{iur}</identificativoUnivocoRiscossione>"
            "<indiceDatiSingoloPagamento>1</indiceDatiSingoloPagamento>"
            f"<singoloImportoPagato>{wire(amount)}</singoloImportoPagato>"
            "<codiceEsitoSingoloPagamento>0</codiceEsitoSingoloPagamento>"
            f"<dataEsitoSingoloPagamento>{today}</dataEsitoSingoloPagamento></datiSingoliPagamenti>")
    body.append("</FlussoRiversamento>")
    with open(flow_path, "w", encoding="utf-8") as out:
        out.write("\n".join(body) + "\n")
    print(json.dumps({
        "receipts": len(paid), "receipts_seconds": round(receipts_seconds, 2), "flow_lines": len(lines),
        "matched": len(paid) - AMOUNT_OFF, "amount_differs": AMOUNT_OFF, "receipt_missing": MISSING, "unknown": UNKNOWN,
    }))


if __name__ == "__main__":
    main()
