-- The inzage document (docs/rights.md) finds a pupil's families by their members and an MDO item's
-- agreements by the item: without these, each lookup reads every family or every agreement of the
-- region, once per document or once per agenda item.
CREATE INDEX records_family_members ON records USING gin ((data -> 'members') jsonb_path_ops) WHERE entity = 'family';
CREATE INDEX records_mdo_agreement_item ON records ((data ->> 'itemId')) WHERE entity = 'mdoAgreement';
