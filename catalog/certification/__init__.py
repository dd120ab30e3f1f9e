"""The "Made in Seoul" co-brand: published criteria, applications, curators' review, certificates anyone can
verify, their QR codes and printable labels, and the badges other pages show."""
