"""Writing .xlsx files, for any stage that saves a workbook (the template, the reports, the issues
files): fixed times, private files, and flat sheets written column by column."""
