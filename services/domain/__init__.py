"""Domain services and helpers callable from BPMN, one module per procedure area."""
