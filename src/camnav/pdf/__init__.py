"""PDF documents (letters, explanations of benefits) rendered with fpdf2 at the edge."""
