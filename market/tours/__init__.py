"""School tours: makers host workshop visits, teachers book them for a class, attendance and internship leads."""
