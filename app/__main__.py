import sys

if __name__ == "__main__":
    if sys.argv[1:2] == ["--pdf-worker"]:  # the dossier's PDF worker (documents/pdf_batch.py)
        from app.documents.pdf_batch import serve

        serve()
    else:
        from app.cli import run

        run()
