-- Daily reset (camel-sql). Counters of periods before the cutoff: they would restart at zero anyway.
DELETE FROM limit_counter WHERE period < :#${exchangeProperty.counterCutoff}
