"""What every stage uses: errors, limits, problems, section names, labels, atomic output."""
