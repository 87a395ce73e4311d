// Normalize: see Package.swift for this module's job. Implemented by its issue.
